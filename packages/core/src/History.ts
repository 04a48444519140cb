/** One kept event: its id and the exact bytes that were sent. */
export interface HistoryEntry {
  /** The event's id, as sent. */
  readonly id: string;
  /** The event as it goes on the wire, framed once. */
  readonly frame: Uint8Array;
  /** When the entry was added (ms since epoch). */
  readonly time: number;
}

interface Node extends HistoryEntry {
  prev: Node | undefined;
  next: Node | undefined;
}

const NUMERIC = /^-?\d+(\.\d+)?$/;

/**
 * Bounded, oldest-first event history. Adding, evicting and finding an id are O(1): a map from id
 * to a node of a doubly linked list. Replay walks only the entries it returns.
 * Entries older than `maxAge` are evicted lazily (on `add` and `expire`), never by a timer per entry.
 */
export class History {
  private readonly byId = new Map<string, Node>();
  private oldest: Node | undefined;
  private newest: Node | undefined;
  /** The lowest numeric id ever kept: a client behind it asked for everything (`lastEventId=0`), it did not fall behind. */
  private lowest = Infinity;
  /** The greatest numeric id that has left by eviction: a client behind it has missed events. */
  private evictedUpTo = -Infinity;
  /** The last `limit` evicted ids that are not numeric: they cannot be placed by value, so they are remembered (oldest first). */
  private readonly evicted = new Set<string>();

  /**
   * @param limit how many entries are kept; 0 keeps none.
   * @param maxAge milliseconds an entry is kept; 0 keeps entries regardless of age.
   */
  constructor(
    readonly limit: number,
    readonly maxAge = 0,
  ) {}

  /** Number of entries kept. */
  get size(): number {
    return this.byId.size;
  }

  /** Appends an entry as the newest; an entry with the same id is replaced. Evicts the oldest over the limit. */
  add(id: string, frame: Uint8Array, time = Date.now()): void {
    // A history that keeps nothing has nothing a client could fall out of.
    if (this.limit === 0) return;
    if (NUMERIC.test(id)) this.lowest = Math.min(this.lowest, Number(id));
    const existing = this.byId.get(id);
    if (existing) this.unlink(existing);
    const node: Node = { id, frame, time, prev: this.newest, next: undefined };
    if (this.newest) this.newest.next = node;
    else this.oldest = node;
    this.newest = node;
    this.byId.set(id, node);
    if (this.byId.size > this.limit && this.oldest) this.evict(this.oldest);
    if (this.maxAge > 0) this.expire(time);
  }

  /**
   * Evicts the entries older than `maxAge` at `now`, at most `limit` of them; a no-op without
   * `maxAge`. Returns false when `limit` stopped it before every aged entry was gone.
   */
  expire(now = Date.now(), limit = Infinity): boolean {
    if (this.maxAge === 0) return true;
    const cutoff = now - this.maxAge;
    for (let evicted = 0; this.oldest && this.oldest.time < cutoff; evicted++) {
      if (evicted >= limit) return false;
      this.evict(this.oldest);
    }
    return true;
  }

  /**
   * Whether `sinceId` is an id that fell out of history while events after it did too, so a client
   * that last saw it has missed events. It is not kept, and either it is numeric, no lower than the
   * lowest id ever kept and lower than an evicted one (by `limit` or `maxAge`); or it is not numeric
   * and one of the last `limit` ids evicted. Any other id (`0`, an id older than the channel, one
   * never kept) asks for what is kept, as the original `sse-channel` answered it: not lost.
   */
  lost(sinceId: string): boolean {
    if (this.byId.has(sinceId)) return false;
    if (!NUMERIC.test(sinceId)) return this.evicted.has(sinceId);
    const value = Number(sinceId);
    return value >= this.lowest && value < this.evictedUpTo;
  }

  /** The frames of the newest `count` entries, oldest first. */
  latest(count: number): Uint8Array[] {
    let start = this.newest;
    for (let taken = 1; taken < count && start?.prev; taken++) start = start.prev;
    return count > 0 ? this.framesFrom(start) : [];
  }

  /** Whether an entry with this id is kept. */
  has(id: string): boolean {
    return this.byId.has(id);
  }

  /**
   * The frames of the events after `sinceId`, oldest first. `sinceId` is found by exact match;
   * when it is not kept and is numeric, entries with a greater numeric id are returned, and those
   * whose id is not numeric (they cannot be placed: replayed rather than lost); otherwise
   * everything kept is returned.
   */
  since(sinceId: string): Uint8Array[] {
    const found = this.byId.get(sinceId);
    if (found) return this.framesFrom(found.next);
    if (!NUMERIC.test(sinceId)) return this.framesFrom(this.oldest);
    const bound = Number(sinceId);
    const frames: Uint8Array[] = [];
    for (let node = this.oldest; node; node = node.next) {
      if (!NUMERIC.test(node.id) || Number(node.id) > bound) frames.push(node.frame);
    }
    return frames;
  }

  /** Every entry, oldest first. */
  *entries(): IterableIterator<HistoryEntry> {
    for (let node = this.oldest; node; node = node.next) yield node;
  }

  private framesFrom(start: Node | undefined): Uint8Array[] {
    const frames: Uint8Array[] = [];
    for (let node = start; node; node = node.next) frames.push(node.frame);
    return frames;
  }

  private evict(node: Node): void {
    this.unlink(node);
    this.noteEvicted(node.id);
  }

  private noteEvicted(id: string): void {
    if (NUMERIC.test(id)) {
      this.evictedUpTo = Math.max(this.evictedUpTo, Number(id));
      return;
    }
    this.evicted.delete(id);
    this.evicted.add(id);
    if (this.evicted.size > this.limit) this.evicted.delete(this.evicted.values().next().value as string);
  }

  private unlink(node: Node): void {
    if (node.prev) node.prev.next = node.next;
    else this.oldest = node.next;
    if (node.next) node.next.prev = node.prev;
    else this.newest = node.prev;
    this.byId.delete(node.id);
  }
}
