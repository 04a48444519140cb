import { concatBytes } from './bytes.js';
import { CHECK_EVERY, now } from './slices.js';
import type { Grouped, TopicGroup } from './TopicGroup.js';

/** What a fan-out needs of a client. */
export interface FanOutClient {
  /** Its place in connection order: a client that connected later has a greater one. */
  readonly order: number;
  /** Hands bytes to the client's transport (or to what it holds while joining or congested). */
  deliver(chunk: Uint8Array): void;
}

/** Marks a client that has had what the fan-out held for it. */
const DONE: readonly Uint8Array[] = [];

/**
 * One tick handed out, in as many slices as it takes: first each client that had frames of its own
 * gets them. Then, when the tick broadcast something, every other client that was connected when
 * the tick closed gets its group's chunk, or the shared chunk when its group was not sent to, in
 * connection order; when it broadcast nothing, only the members of the groups sent to are walked,
 * group after group. Clients are walked through live iterators, so one that left is never reached,
 * and one that connected since comes after `newest` and is given nothing.
 */
export class FanOut<C extends FanOutClient & Grouped<C>> {
  /** The order of the last client reached with a chunk (in the group being walked, in a walk of groups). */
  private position = -Infinity;
  private ownWalk: Iterator<[C, readonly Uint8Array[]]> | undefined;
  /** In a walk of groups: the groups to walk (each leaves `groups` once walked), the one being walked and its members. */
  private readonly groupWalk: Iterator<TopicGroup<C>> | undefined;
  private current: TopicGroup<C> | undefined;
  private members: Iterator<C> | undefined;

  /**
   * @param chunk the bytes every client without frames of its own nor of its group gets; undefined when the tick broadcast nothing.
   * @param groups the chunk of each group that was sent to; the fan-out owns the map.
   * @param clients a live iterator over the clients, in connection order.
   * @param newest the order of the newest client connected when the tick closed.
   * @param own the frames of each client whose tick differed from the broadcast and its group's; the fan-out owns the map.
   */
  constructor(
    private readonly chunk: Uint8Array | undefined,
    private readonly groups: Map<TopicGroup<C>, Uint8Array> | undefined,
    private readonly clients: IterableIterator<C>,
    private readonly newest: number,
    private own: Map<C, readonly Uint8Array[]> | undefined,
  ) {
    this.ownWalk = own?.entries();
    if (chunk === undefined) this.groupWalk = groups?.keys();
  }

  /** Hands `client` now what this fan-out still held for it, if anything; the fan-out then passes it by. */
  settle(client: C): void {
    const frames = this.own?.get(client);
    if (frames !== undefined) return this.handOwn(client, frames);
    const chunk = this.chunkOf(client);
    if (chunk === undefined || client.order > this.newest) return;
    if (client.order <= this.position && (this.groupWalk === undefined || client.group === this.current)) return;
    (this.own ??= new Map()).set(client, DONE);
    client.deliver(chunk);
  }

  /** Hands the tick on until every client has it (true) or `deadline` (a `now()` time) has passed (false). */
  run(deadline: number): boolean {
    let count = 0;
    for (let walk = this.ownWalk; walk !== undefined; ) {
      const next = walk.next();
      if (next.done === true) {
        this.ownWalk = walk = undefined;
        break;
      }
      this.handOwn(...next.value);
      if (++count % CHECK_EVERY === 0 && now() >= deadline) return false;
    }
    if (this.groupWalk !== undefined) return this.runGroups(deadline, count);
    const { chunk, groups, clients, newest } = this;
    if (chunk === undefined) return true;
    // Map iterators have no `return`: leaving the loop early leaves the walk where it stopped.
    for (const client of clients) {
      if (client.order > newest) return true;
      this.position = client.order;
      // Read each time: a settled client joins the map meanwhile.
      if (this.own === undefined || !this.own.has(client)) client.deliver((client.group && groups?.get(client.group)) ?? chunk);
      if (++count % CHECK_EVERY === 0 && now() >= deadline) return false;
    }
    return true;
  }

  /** The walk of groups: each group's chunk to its members that were connected when the tick closed. */
  private runGroups(deadline: number, count: number): boolean {
    const groups = this.groups as Map<TopicGroup<C>, Uint8Array>;
    for (;;) {
      if (this.current === undefined) {
        const next = (this.groupWalk as Iterator<TopicGroup<C>>).next();
        if (next.done === true) return true;
        this.current = next.value;
        this.members = next.value.members.values();
        this.position = -Infinity;
      }
      const chunk = groups.get(this.current) as Uint8Array;
      // Set iterators have no `return` either; members are in connection order.
      for (const client of this.members as IterableIterator<C>) {
        if (client.order > this.newest) break;
        this.position = client.order;
        if (this.own === undefined || !this.own.has(client)) client.deliver(chunk);
        if (++count % CHECK_EVERY === 0 && now() >= deadline) return false;
      }
      groups.delete(this.current);
      this.current = undefined;
    }
  }

  /** What a client without frames of its own gets: its group's chunk, or the shared one. */
  private chunkOf(client: C): Uint8Array | undefined {
    const group = client.group;
    return (group && this.groups?.get(group)) ?? this.chunk;
  }

  private handOwn(client: C, frames: readonly Uint8Array[]): void {
    if (frames.length === 0) return;
    this.own?.set(client, DONE);
    client.deliver(concatBytes(frames));
  }
}
