import type { BackplaneEvent } from '@sse-channel/core';
import { encodeEntry } from './entry.js';

/** Room left in a message for the headers a JetStream publish adds. */
const HEADER_ROOM = 64;

/** What the publisher needs of NATS. */
export interface PublishTarget {
  /** Stores a kept event in the stream; resolves with its stream sequence. */
  store(body: Uint8Array): Promise<number>;
  /** Sends an event without an id to every process, past the stream. */
  pass(body: Uint8Array): void;
  /** Resolves once the server has what was sent before. */
  flush(): Promise<void>;
  /** The server's largest message, in bytes, once known. */
  maxPayload(): number | undefined;
  /** The stream sequence of the newest kept event delivered in this process (0 before any). */
  position(): number;
}

interface Send {
  event: BackplaneEvent;
  keep: boolean;
  resolve(sequence: number | undefined): void;
  reject(error: Error): void;
}

/**
 * Writes one process's broadcasts to NATS in the order of `send`. Kept events are stored in the
 * stream one after the other without waiting for each other's acknowledgement (one connection keeps
 * their order). An event without an id waits until every kept event before it was acknowledged, so
 * it can name the newest (`after`) and every process deliver it after those.
 */
export class Publisher {
  private readonly queue: Send[] = [];
  /** Sends written and not settled yet. */
  private readonly inFlight = new Set<Send>();
  /** Kept events written and not acknowledged (nor failed) yet, since the last `fail`. */
  private unacknowledged = 0;
  /** Counts `fail` calls: acknowledgements of kept events written before the last one no longer hold anything up. */
  private epoch = 0;
  /** The greatest stream sequence acknowledged to this process. */
  private stored = 0;

  constructor(private readonly target: PublishTarget) {}

  /** Resolves with the stream sequence of a kept event, with undefined for one that is not kept; rejects when NATS did not take it. */
  add(event: BackplaneEvent, keep: boolean): Promise<number | undefined> {
    return new Promise((resolve, reject) => {
      this.queue.push({ event, keep, resolve, reject });
      this.pump();
    });
  }

  /** Rejects every send not settled yet: the connection was lost, or the backplane closed. */
  fail(error: Error): void {
    for (const send of [...this.inFlight, ...this.queue.splice(0)]) send.reject(error);
    this.inFlight.clear();
    this.epoch++;
    this.unacknowledged = 0;
  }

  private pump(): void {
    const passed: Send[] = [];
    while (this.queue.length > 0) {
      const send = this.queue[0] as Send;
      if (!send.keep && this.unacknowledged > 0) break;
      this.queue.shift();
      const body = encodeEntry(send.event, send.keep ? undefined : Math.max(this.stored, this.target.position()));
      const limit = (this.target.maxPayload() ?? Infinity) - HEADER_ROOM;
      if (body.length > limit) {
        send.reject(new RangeError(`the event is ${body.length} bytes as a NATS message, over the ${limit} the server allows (its max_payload less room for headers): not sent`));
      } else if (send.keep) {
        this.store(send, body);
      } else {
        try {
          this.target.pass(body);
          passed.push(send);
        } catch (error) {
          send.reject(error as Error);
        }
      }
    }
    if (passed.length === 0) return;
    for (const send of passed) this.inFlight.add(send);
    this.target.flush().then(
      () => this.settle(passed, (send) => send.resolve(undefined)),
      (error: Error) => this.settle(passed, (send) => send.reject(error)),
    );
  }

  private store(send: Send, body: Uint8Array): void {
    const epoch = this.epoch;
    this.unacknowledged++;
    this.inFlight.add(send);
    this.target.store(body).then(
      (sequence) => {
        this.stored = Math.max(this.stored, sequence);
        this.settle([send], () => send.resolve(sequence));
      },
      (error: Error) => this.settle([send], () => send.reject(error)),
    ).finally(() => {
      if (epoch !== this.epoch) return;
      this.unacknowledged--;
      this.pump();
    });
  }

  /** Settles sends still in flight (those `fail` rejected already are not settled again). */
  private settle(sends: Send[], how: (send: Send) => void): void {
    for (const send of sends) if (this.inFlight.delete(send)) how(send);
  }
}
