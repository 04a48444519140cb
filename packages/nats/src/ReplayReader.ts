import { SharedReads, type BackplaneEvent, type BackplaneReplay } from '@sse-channel/core';
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import { decodeEntry } from './entry.js';
import { readStream } from './readStream.js';

/** What replays read: where, and the history's bounds. */
export interface ReplaySource {
  js: JetStreamClient;
  manager: JetStreamManager;
  stream: string;
  historySize: number;
  /** Ms events stay in the history, 0 for no limit. */
  retention: number;
  /** A message that is not an event this package wrote was skipped. */
  skipped(error: Error): void;
}

/** How long, at most, a read is reused for clients asking the same while no kept event arrives. */
const REUSE_MS = 1000;
/** How many distinct reads are reused at once. */
const MAX_READS = 64;
/** Reads holding more events than this are not kept for reuse (memory). */
const MAX_EVENTS = 1000;

/**
 * The channel's history as replays see it: the newest `historySize` ids up to the newest event this
 * process delivered, still in the stream, and younger than the retention (the stream keeps more,
 * for live delivery). Reads of the same place are shared (`SharedReads`).
 */
export class ReplayReader {
  private readonly shared = new SharedReads<BackplaneReplay>(REUSE_MS, MAX_READS, (replay) => replay.events.length <= MAX_EVENTS);

  constructor(private readonly source: ReplaySource) {}

  /**
   * The kept events after `from` up to `upTo` that are in the history. `reset` says the client
   * missed some that are not, as an in-memory channel decides it: `from` is an id this package
   * gives (1 or more) and the event after it is not in the history. Any other Last-Event-ID (`0`, or
   * not an id: undefined) asks for everything in the history, with no reset.
   */
  get(from: number | undefined, upTo: number): Promise<BackplaneReplay> {
    return this.shared.read(String(from), String(upTo), () => this.read(from, upTo));
  }

  private async read(from: number | undefined, upTo: number): Promise<BackplaneReplay> {
    const { js, manager, stream, historySize, retention } = this.source;
    const start = Math.max((from ?? 0) + 1, upTo - historySize + 1);
    const stored = start > upTo ? [] : await readStream(js, manager, stream, start, upTo);
    const young = retention === 0 ? stored : stored.filter(({ storedAt }) => storedAt >= Date.now() - retention);
    const events: BackplaneEvent[] = [];
    for (const { sequence, body } of young) {
      try {
        events.push(decodeEntry(body, sequence).event);
      } catch (error) {
        this.source.skipped(error as Error);
      }
    }
    const first = young[0]?.sequence ?? upTo + 1;
    return { events, reset: from !== undefined && from > 0 && first > from + 1 };
  }
}
