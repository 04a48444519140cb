import { concatBytes } from './bytes.js';
import { CHECK_EVERY, now } from './slices.js';

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
 * gets them, then the shared chunk goes to the other clients that were connected when the tick
 * closed, in connection order. Clients are walked through the channel's live iterator, so one that
 * left is never reached, and one that connected since comes after `newest` and is not given the chunk.
 */
export class FanOut<C extends FanOutClient> {
  /** The order of the last client reached with the shared chunk. */
  private position = -Infinity;
  private ownWalk: Iterator<[C, readonly Uint8Array[]]> | undefined;

  /**
   * @param chunk the bytes every client without frames of its own gets; undefined when the tick broadcast nothing.
   * @param clients a live iterator over the clients, in connection order.
   * @param newest the order of the newest client connected when the tick closed.
   * @param own the frames of each client whose tick differed from the broadcast; the fan-out owns the map.
   */
  constructor(
    private readonly chunk: Uint8Array | undefined,
    private readonly clients: IterableIterator<C>,
    private readonly newest: number,
    private own: Map<C, readonly Uint8Array[]> | undefined,
  ) {
    this.ownWalk = own?.entries();
  }

  /** Hands `client` now what this fan-out still held for it, if anything; the fan-out then passes it by. */
  settle(client: C): void {
    const frames = this.own?.get(client);
    if (frames !== undefined) return this.handOwn(client, frames);
    if (this.chunk === undefined || client.order <= this.position || client.order > this.newest) return;
    (this.own ??= new Map()).set(client, DONE);
    client.deliver(this.chunk);
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
    const { chunk, clients, newest } = this;
    if (chunk === undefined) return true;
    // Map iterators have no `return`: leaving the loop early leaves the walk where it stopped.
    for (const client of clients) {
      if (client.order > newest) return true;
      this.position = client.order;
      // Read each time: a settled client joins the map meanwhile.
      if (this.own === undefined || !this.own.has(client)) client.deliver(chunk);
      if (++count % CHECK_EVERY === 0 && now() >= deadline) return false;
    }
    return true;
  }

  private handOwn(client: C, frames: readonly Uint8Array[]): void {
    if (frames.length === 0) return;
    this.own?.set(client, DONE);
    client.deliver(concatBytes(frames));
  }
}
