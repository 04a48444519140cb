import { CHECK_EVERY, now } from './slices.js';

/** What a fan-out needs of a client. */
export interface FanOutClient {
  /** Its place in connection order: a client that connected later has a greater one. */
  readonly order: number;
  /** Hands bytes to the client's transport (or to what it holds while joining or congested). */
  deliver(chunk: Uint8Array): void;
}

/**
 * One shared chunk handed to the clients that were connected when it started, in connection order,
 * in as many slices as it takes. Clients are walked through the channel's live iterator, so one that
 * left is never reached; one that connected since comes after `newest` and is not given the chunk.
 */
export class FanOut<C extends FanOutClient> {
  /** The order of the last client reached. */
  private position = -Infinity;

  /**
   * @param chunk the bytes every client gets.
   * @param clients a live iterator over the clients, in connection order.
   * @param newest the order of the newest client connected when the fan-out started.
   * @param skip clients that are not to be given the chunk (they got theirs another way); the fan-out owns it.
   */
  constructor(
    readonly chunk: Uint8Array,
    private readonly clients: Iterator<C>,
    private readonly newest: number,
    private skip: Set<C> | undefined,
  ) {}

  /** Whether `client` is still to be given the chunk. */
  owes(client: C): boolean {
    return client.order > this.position && client.order <= this.newest && !this.skip?.has(client);
  }

  /** `client` is not to be given the chunk any more: it got it another way. */
  pass(client: C): void {
    (this.skip ??= new Set()).add(client);
  }

  /** Hands the chunk on until every client has it (true) or `deadline` (a `now()` time) has passed (false). */
  run(deadline: number): boolean {
    const { chunk, clients, newest } = this;
    for (let count = 1; ; count++) {
      const next = clients.next();
      if (next.done === true) return true;
      const client = next.value;
      if (client.order > newest) return true;
      this.position = client.order;
      // Read each time: a listener may have passed a client meanwhile.
      if (this.skip === undefined || !this.skip.has(client)) client.deliver(chunk);
      if (count % CHECK_EVERY === 0 && now() >= deadline) return false;
    }
  }
}
