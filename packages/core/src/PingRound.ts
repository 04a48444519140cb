import { PING_FRAME } from './frames.js';
import { now, unref } from './slices.js';

/** Clients pinged in one step; a channel with no more clients than this pings them all at once. */
export const PING_STEP = 256;

/** What a ping round needs of a client. */
export interface PingedClient {
  deliver(chunk: Uint8Array): void;
}

/**
 * The keep-alive ping of a channel with very many clients, spread out: steps of at most `PING_STEP`
 * clients, in connection order, paced so that the round ends within `spread` milliseconds. A
 * comment goes between two chunks, so it is written to each client as it comes, beside the tick.
 *
 * The pace is set by the most clients the channel has had, not by how many it has now: a client
 * only moves forward in connection order, so its ping never comes later in a round than in the
 * round before, and rounds that start every `pingInterval` ping it at least that often.
 */
export class PingRound<C extends PingedClient> {
  private clients: Iterator<C> | undefined;
  /** Milliseconds between the starts of two steps. */
  private pace = 0;
  /** The most steps a round has needed. */
  private widest = 0;
  /** When the next step is due (a `now()` time): steps keep to the round's schedule, however long each took. */
  private due = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly next = (): void => this.step();

  /**
   * @param spread milliseconds a round may take.
   * @param guard runs each step (the channel holds its listeners back meanwhile).
   */
  constructor(
    private readonly spread: number,
    private readonly guard: (work: () => void) => void,
  ) {}

  /** Starts a round over `clients` (a live iterator in connection order), `count` of them; a round still running starts over. */
  start(clients: Iterator<C>, count: number): void {
    this.stop();
    this.clients = clients;
    this.widest = Math.max(this.widest, Math.ceil(count / PING_STEP));
    this.pace = this.spread / this.widest;
    this.due = now();
    this.step();
  }

  /** Stops the running round. */
  stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.clients = undefined;
  }

  private step(): void {
    this.timer = undefined;
    const clients = this.clients;
    if (clients === undefined) return;
    let done = false;
    this.guard(() => {
      for (let count = 0; count < PING_STEP && !done; count++) {
        const next = clients.next();
        if (next.done === true) done = true;
        else next.value.deliver(PING_FRAME);
      }
    });
    // A listener may have stopped or restarted the round meanwhile.
    if (this.clients !== clients) return;
    if (done) {
      this.clients = undefined;
      return;
    }
    this.due += this.pace;
    this.timer = setTimeout(this.next, Math.max(0, this.due - now()));
    unref(this.timer);
  }
}
