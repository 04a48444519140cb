/** The most events one script call carries. */
export const MAX_BATCH_EVENTS = 1000;
/** About the most bytes of entry JSON one script call carries (a batch holds at least one event, whatever its size). */
export const MAX_BATCH_BYTES = 1024 * 1024;

interface Waiting {
  resolve: (streamId: string) => void;
  reject: (error: Error) => void;
}

/**
 * The events one process publishes in one tick, gathered to go to Redis in one script call and to
 * reach every process as one pub/sub message, so that each delivers them in one tick (its clients
 * then get them in one write, as from an in-memory channel). Bounded by `MAX_BATCH_EVENTS` and
 * `MAX_BATCH_BYTES`.
 */
export class PublishBatch {
  /** The entry JSON of each event, in the order of `publish`. */
  readonly entries: string[] = [];
  /** '1' (kept) or '0' per event, as the script takes them. */
  keeps = '';
  private bytes = 0;
  private readonly waiting: Waiting[] = [];

  /** Adds an event; resolves with its stream id ('' when not kept) or rejects as the whole batch does. */
  add(entry: string, keep: boolean): Promise<string> {
    this.entries.push(entry);
    this.keeps += keep ? '1' : '0';
    this.bytes += entry.length;
    return new Promise<string>((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  /** Whether the batch must go now rather than take more events. */
  get full(): boolean {
    return this.entries.length >= MAX_BATCH_EVENTS || this.bytes >= MAX_BATCH_BYTES;
  }

  /** Hands each event its stream id, as the script returned them. */
  settle(streamIds: string[]): void {
    this.waiting.forEach((waiting, i) => waiting.resolve(streamIds[i] as string));
  }

  /** Rejects every event: none was sent. */
  fail(error: Error): void {
    for (const waiting of this.waiting) waiting.reject(error);
  }
}
