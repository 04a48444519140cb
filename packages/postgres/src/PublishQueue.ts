import { PublishBatch } from './PublishBatch.js';

/**
 * The batches of one process, sent one statement at a time and in order: events gather in the
 * newest batch while an older one is on its way, so a busy database gets fewer, larger statements
 * and one process's sends keep their order.
 */
export class PublishQueue {
  /** Oldest first; the last takes new events. */
  private batches: PublishBatch[] = [];
  private sending = false;

  /** @param send stores and notifies a batch, resolving with the id given last before it, or rejects. */
  constructor(private readonly send: (batch: PublishBatch) => Promise<bigint>) {}

  /** Adds an event to the newest batch; resolves with its id when kept (undefined otherwise), or rejects as its batch does. */
  add(entry: string, keep: boolean): Promise<string | undefined> {
    let batch = this.batches.at(-1);
    if (!batch || batch.full) {
      batch = new PublishBatch();
      this.batches.push(batch);
      // The first batch goes at the end of this tick, with what else the tick sends.
      if (!this.sending && this.batches.length === 1) queueMicrotask(() => this.next());
    }
    return batch.add(entry, keep);
  }

  /** Rejects every batch not yet sent. */
  failAll(error: Error): void {
    for (const batch of this.batches.splice(0)) batch.fail(error);
  }

  private next(): void {
    const batch = this.sending ? undefined : this.batches.shift();
    if (!batch) return;
    this.sending = true;
    this.send(batch)
      .then(
        (before) => batch.settle(before),
        (error: Error) => batch.fail(error),
      )
      .finally(() => {
        this.sending = false;
        this.next();
      });
  }
}
