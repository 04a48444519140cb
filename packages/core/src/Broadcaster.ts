import { concatBytes } from './bytes.js';
import { FanOut, type FanOutClient } from './FanOut.js';
import { nextMacrotask, now, SLICE_MS } from './slices.js';

/** What the broadcaster needs of a client: its handle, its place in connection order and the frames it owns. */
export interface TickClient<H> extends FanOutClient {
  readonly handle: H;
  startTick(broadcast: readonly Uint8Array[]): void;
  push(frame: Uint8Array): void;
  /** Hands over this tick's own frames (null when it had none) and follows the broadcast again. */
  takeTick(): readonly Uint8Array[] | null;
}

/**
 * The clients of a channel and the frames of the current tick. Frames sent in one tick reach each
 * client as one write: in the microtask after the first send, or, with a flush window, when the
 * window that the first send opened ends (one timer per window, never pushed back by later sends).
 * Every client that follows the broadcast gets one shared chunk (the same bytes object for all); a
 * client that was sent to privately or joined during the tick gets a chunk of its own.
 *
 * A closed tick is handed out in slices of about `SLICE_MS` (see `FanOut`): a fan-out to very many
 * clients continues in later macrotasks, and the next tick waits for it, so each client still gets
 * every chunk once and in order. Clients are kept in connection order.
 */
export class Broadcaster<H, C extends TickClient<H>> {
  private readonly clients = new Map<H, C>();
  /** The order of the newest client added. */
  private newest = -Infinity;
  /** Broadcast frames of the current tick. */
  private tick: Uint8Array[] = [];
  /** Clients whose frames this tick differ from the broadcast. */
  private solo = new Set<C>();
  /** The current tick has frames that a flush (a microtask, the window's timer or a running fan-out) will hand out. */
  private due = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The fan-out that has not reached every client yet. */
  private fanOut: FanOut<C> | undefined;
  private working = false;
  /** Calls held back while `busy` work runs. */
  private deferred: Array<() => void> = [];
  private readonly flushDue = (): void => {
    this.timer = undefined;
    this.pump();
  };
  /** Goes on with a sliced fan-out; a window's timer, when one is running, is what hands out its tick. */
  private readonly resume = (): void => {
    if (this.timer === undefined) this.pump();
  };

  /** @param window milliseconds a tick stays open after its first frame (the `flushInterval` option); 0 closes it in the next microtask. */
  constructor(private readonly window = 0) {}

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

  /** Adds a client: it gets what is broadcast from now on, not what this tick or a running fan-out carried before it came. */
  add(client: C): void {
    this.clients.set(client.handle, client);
    this.newest = client.order;
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

  /** Writes everything queued now, to every client, however many: a running fan-out, then the current tick. */
  flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.busy(() => this.drain(Infinity));
  }

  /**
   * Hands one client now what was sent to it so far and not yet written: what a running fan-out
   * still holds for it, then its frames of the current tick. It goes on with what is sent from now on.
   */
  settle(client: C): void {
    this.busy(() => {
      this.fanOut?.settle(client);
      const solo = this.solo.has(client);
      const frames = (solo ? client.takeTick() : this.tick) ?? [];
      if (!solo && frames.length === 0) return;
      if (frames.length > 0) client.deliver(concatBytes(frames));
      client.startTick([]);
      this.solo.add(client);
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
    if (this.due) return;
    this.due = true;
    // A running fan-out takes the tick when it is done.
    if (this.fanOut !== undefined) return;
    if (this.window === 0) queueMicrotask(this.flushDue);
    else this.timer = setTimeout(this.flushDue, this.window);
  }

  /** Hands out what is due for one slice; what is left goes on in a later macrotask. */
  private pump(): void {
    const deadline = now() + SLICE_MS;
    this.busy(() => {
      if (!this.drain(deadline)) nextMacrotask(this.resume);
    });
  }

  /** Runs fan-outs until nothing is due (true) or `deadline` has passed (false). */
  private drain(deadline: number): boolean {
    for (;;) {
      if (this.fanOut === undefined) {
        if (!this.due) return true;
        this.due = false;
        this.fanOut = this.startFanOut();
        continue;
      }
      if (!this.fanOut.run(deadline)) return false;
      this.fanOut = undefined;
      if (this.due && now() >= deadline) return false;
    }
  }

  /** Closes the current tick: a fan-out of each solo client's own frames and of the shared chunk to the others. */
  private startFanOut(): FanOut<C> | undefined {
    const { tick, solo } = this;
    let own: Map<C, readonly Uint8Array[]> | undefined;
    if (solo.size > 0) {
      own = new Map();
      for (const client of solo) own.set(client, client.takeTick() ?? []);
      this.solo = new Set();
    }
    if (tick.length === 0 && own === undefined) return undefined;
    this.tick = [];
    return new FanOut(tick.length > 0 ? concatBytes(tick) : undefined, this.clients.values(), this.newest, own);
  }
}
