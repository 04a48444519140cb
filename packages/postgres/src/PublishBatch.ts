import { batchLine } from './entry.js';

/** The most events one statement carries. */
export const MAX_BATCH_EVENTS = 1000;
/** About the most bytes of entries one statement carries (a batch holds at least one event, whatever its size). */
export const MAX_BATCH_BYTES = 1024 * 1024;
/**
 * A notification's payload must be shorter than 8000 bytes; its batch follows the id before it
 * (at most 19 digits) and a newline. Larger batches are stored in a row and the notification names it.
 */
export const MAX_INLINE_BYTES = 8000 - 1 - 20;

/**
 * Events a process publishes while its previous statement is on its way (or in the current tick),
 * sent as one statement: stored in one transaction and notified in one notification, so every
 * process delivers them in one tick. One batch is sent at a time, which keeps one process's sends
 * in order and lets events gather while the database is busy.
 */
export class PublishBatch {
  private readonly lines: string[] = [];
  /** The entries of the kept events, in order. */
  private readonly kept: string[] = [];
  private bytes = 0;
  private readonly waiting: Array<{ keep: boolean; resolve: (id: string | undefined) => void; reject: (error: Error) => void }> = [];

  /** Adds an event; resolves with its id when kept (undefined otherwise), or rejects as the whole batch does. */
  add(entry: string, keep: boolean): Promise<string | undefined> {
    this.lines.push(batchLine(entry, keep));
    if (keep) this.kept.push(entry);
    this.bytes += entry.length + 2;
    return new Promise((resolve, reject) => this.waiting.push({ keep, resolve, reject }));
  }

  /** Whether the batch must take no more events. */
  get full(): boolean {
    return this.lines.length >= MAX_BATCH_EVENTS || this.bytes >= MAX_BATCH_BYTES;
  }

  /** How many events the batch holds. */
  get size(): number {
    return this.lines.length;
  }

  get keptCount(): number {
    return this.kept.length;
  }

  /** The kept entries to store: the last `historySize` (earlier ones would be trimmed at once). */
  stored(historySize: number): string[] {
    return historySize >= this.kept.length ? this.kept : this.kept.slice(this.kept.length - historySize);
  }

  /** The batch as notification lines, and whether they fit in a notification. */
  text(): { lines: string; inline: boolean } {
    const lines = this.lines.join('\n');
    // Bytes, not characters: count only when the characters alone could fit.
    return { lines, inline: lines.length <= MAX_INLINE_BYTES && Buffer.byteLength(lines) <= MAX_INLINE_BYTES };
  }

  /** Hands each kept event its id: the ids after `before`, in order. */
  settle(before: bigint): void {
    let id = before;
    for (const { keep, resolve } of this.waiting) resolve(keep ? String(++id) : undefined);
  }

  /** Rejects every event: none was sent. */
  fail(error: Error): void {
    for (const waiting of this.waiting) waiting.reject(error);
  }
}
