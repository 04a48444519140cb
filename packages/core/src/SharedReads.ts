/**
 * Reads of a backplane's shared history, reused by clients that ask the same while nothing new
 * arrived: the clients of a process that died reconnect together, mostly with the same Last-Event-ID,
 * and one read then serves them all. A read is reused while the newest event is the one it was made
 * at, for at most `maxAgeMs`; at most `maxReads` are kept, never one that failed, nor one `keep`
 * refuses (a large one, to bound memory). For backplane implementations.
 *
 * @example
 * const replays = new SharedReads<BackplaneReplay>(1000, 64, (replay) => replay.events.length <= 1000);
 * return replays.read(lastEventId, newestId, () => readFromEngine(lastEventId, newestId));
 */
export class SharedReads<T> {
  private readonly reads = new Map<string, Promise<T>>();
  private newest = '';
  private since = 0;

  constructor(
    private readonly maxAgeMs: number,
    private readonly maxReads: number,
    private readonly keep: (value: T) => boolean = () => true,
  ) {}

  /** The read for `key` made while `newest` was the newest event, or `read()` (and kept for the next ones). */
  read(key: string, newest: string, read: () => Promise<T>): Promise<T> {
    const now = Date.now();
    if (newest !== this.newest || now - this.since > this.maxAgeMs) {
      this.reads.clear();
      this.newest = newest;
      this.since = now;
    }
    const shared = this.reads.get(key);
    if (shared) return shared;
    const made = read();
    if (this.reads.size >= this.maxReads) return made;
    this.reads.set(key, made);
    const forget = (): void => {
      if (this.reads.get(key) === made) this.reads.delete(key);
    };
    made.then((value) => this.keep(value) || forget(), forget);
    return made;
  }
}
