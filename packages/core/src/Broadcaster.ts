import { concatBytes } from './bytes.js';

/** What the broadcaster needs of a client: its handle and the frames it owns. */
export interface TickClient<H> {
  readonly handle: H;
  startTick(broadcast: readonly Uint8Array[]): void;
  push(frame: Uint8Array): void;
  flushTick(shared?: Uint8Array): void;
}

/**
 * The clients of a channel and the frames of the current tick. Frames sent in one tick reach each
 * client as one write, in the microtask after the first send: one shared chunk for every client that
 * follows the broadcast (the same bytes object for all), a chunk of its own for a client that was
 * sent to privately or joined during the tick. Clients are kept in connection order.
 */
export class Broadcaster<H, C extends TickClient<H>> {
  private readonly clients = new Map<H, C>();
  /** Broadcast frames of the current tick. */
  private tick: Uint8Array[] = [];
  /** Clients whose frames this tick differ from the broadcast. */
  private readonly solo = new Set<C>();
  private scheduled = false;
  private working = false;
  /** Calls held back while `busy` work runs. */
  private deferred: Array<() => void> = [];
  private readonly flushTick = (): void => this.flush();

  /** Number of clients. */
  get size(): number {
    return this.clients.size;
  }

  /** The client of a handle. */
  get(handle: H): C | undefined {
    return this.clients.get(handle);
  }

  /** Every client, in connection order. */
  values(): IterableIterator<C> {
    return this.clients.values();
  }

  /** Every handle, in connection order. */
  handles(): H[] {
    return Array.from(this.clients.keys());
  }

  /** Adds a client: it gets what is broadcast from now on, not what this tick carried before it came. */
  add(client: C): void {
    this.clients.set(client.handle, client);
    if (this.tick.length === 0) return;
    client.startTick([]);
    this.solo.add(client);
  }

  /** Removes a client; false when it was not there (any more). */
  remove(client: C): boolean {
    if (this.clients.get(client.handle) !== client) return false;
    this.clients.delete(client.handle);
    this.solo.delete(client);
    return true;
  }

  /** Queues a frame for every client. */
  broadcast(frame: Uint8Array): void {
    this.tick.push(frame);
    for (const client of this.solo) client.push(frame);
    this.schedule();
  }

  /** Queues a frame for one client, after what it got this tick so far. */
  sendTo(client: C, frame: Uint8Array): void {
    if (!this.solo.has(client)) {
      client.startTick(this.tick);
      this.solo.add(client);
    }
    client.push(frame);
    this.schedule();
  }

  /** Writes the tick's frames now (they would go in the next microtask otherwise). */
  flush(): void {
    this.scheduled = false;
    this.busy(() => {
      const tick = this.tick;
      if (tick.length === 0) {
        for (const client of this.solo) client.flushTick();
      } else {
        this.tick = [];
        const shared = concatBytes(tick);
        for (const client of this.clients.values()) client.flushTick(shared);
      }
      this.solo.clear();
    });
  }

  /**
   * Runs `work` with the calls it asks `whenIdle` to make held back until it is done, in order: a
   * listener called during a flush cannot reenter it, and a client that leaves while it is being
   * added is announced before it is said to have left.
   */
  busy(work: () => void): void {
    if (this.working) return work();
    this.working = true;
    try {
      work();
    } finally {
      this.working = false;
    }
    while (this.deferred.length > 0) {
      const deferred = this.deferred;
      this.deferred = [];
      for (const call of deferred) call();
    }
  }

  /** Calls `call` now, or once the `busy` work that is running is done. */
  whenIdle(call: () => void): void {
    if (this.working) this.deferred.push(call);
    else call();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(this.flushTick);
  }
}
