/** How long, at most, a read is reused for clients asking the same while no kept event arrives. */
const REUSE_MS = 1000;
/** How many distinct reads are reused at once. */
const MAX_READS = 64;
/** Reads holding more events than this are not kept for reuse (memory). */
const MAX_EVENTS = 1000;

/**
 * Replay reads by where they start, reused while the newest delivered event (`upTo`) stays the same
 * for up to REUSE_MS: the clients of a process that died reconnect together, mostly from the same
 * event, and one read of the stream (one consumer on the server) then serves them all.
 */
export class SharedReads<T extends { events: readonly unknown[] }> {
  private readonly reads = new Map<string, Promise<T>>();
  private upTo = -1;
  private since = 0;

  constructor(private readonly read: (from: number | undefined, upTo: number) => Promise<T>) {}

  get(from: number | undefined, upTo: number): Promise<T> {
    const now = Date.now();
    if (upTo !== this.upTo || now - this.since > REUSE_MS) {
      this.reads.clear();
      this.upTo = upTo;
      this.since = now;
    }
    const key = String(from);
    const shared = this.reads.get(key);
    if (shared) return shared;
    const read = this.read(from, upTo);
    if (this.reads.size >= MAX_READS) return read;
    this.reads.set(key, read);
    const forget = (): void => {
      if (this.reads.get(key) === read) this.reads.delete(key);
    };
    read.then((result) => result.events.length > MAX_EVENTS && forget(), forget);
    return read;
  }
}
