import { Connection, type ConnectionHost } from './Connection.js';
import { Histogram } from './Histogram.js';

/** All the load's connections, held by one process, and the rounds they are waited on for. */
export class Crowd implements ConnectionHost {
  readonly connections: Connection[] = [];
  /** The seq of the last event the server was asked to send; events are numbered from 1. */
  sent = 0;
  roundEnd = 0;
  recordLatency: ((micros: number) => void) | null = null;
  private expected = 0;
  private arrived = 0;
  private done: (() => void) | null = null;

  private first: (() => void) | null = null;

  /**
   * Opens `count` connections to `port`, `concurrency` at a time, and waits for every response head.
   * With `spread`, each thousand connections come from their own source address in 127.0.0.0/8
   * (the ephemeral ports of one address allow about 28,000 connections to one server).
   */
  static async connect(port: number, count: number, concurrency = 250, spread = false): Promise<Crowd> {
    const crowd = new Crowd();
    while (crowd.connections.length < count) {
      const batch = Math.min(concurrency, count - crowd.connections.length);
      await new Promise<void>((resolve) => {
        let heads = 0;
        for (let i = 0; i < batch; i++) {
          const address = spread ? sourceAddress(Math.floor(crowd.connections.length / 1000)) : undefined;
          crowd.connections.push(new Connection(port, crowd, () => ++heads === batch && resolve(), address));
        }
      });
    }
    return crowd;
  }

  /** Resolves when the first connection reaches the seq of the current round (call before `until`). */
  firstReached(): Promise<void> {
    return new Promise((resolve) => (this.first = resolve));
  }

  /** The connections still reading (every connection but those `pause()` stopped). */
  get readers(): Connection[] {
    return this.connections.filter((connection) => !connection.socket.isPaused());
  }

  /** Stops reading on every `nth` connection: slow clients. */
  pause(nth: number): void {
    this.connections.forEach((connection, index) => index % nth === 0 && connection.socket.pause());
  }

  /** Resolves once `readers` connections have received event `seq` (counting those that already have); rejects after `timeoutMs`. */
  until(seq: number, readers: number, timeoutMs = 60_000): Promise<void> {
    this.roundEnd = seq;
    this.expected = readers;
    this.arrived = this.connections.filter((connection) => connection.next > seq).length;
    if (this.arrived >= readers) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${this.arrived} of ${readers} clients received event ${seq}`)), timeoutMs);
      this.done = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  /** Starts recording the latency of every event received. */
  measureLatency(): Histogram {
    const histogram = new Histogram();
    this.recordLatency = (micros) => histogram.record(micros);
    return histogram;
  }

  reached(): void {
    this.first?.();
    this.first = null;
    if (++this.arrived === this.expected) this.done?.();
  }

  /** Closes every connection. */
  close(): void {
    for (const connection of this.connections) connection.socket.destroy();
  }
}

/** The `block`th source address: 127.1.0.1 … 127.1.0.254, 127.1.1.1, … (127.0.0.1 stays the server's). */
function sourceAddress(block: number): string {
  return `127.1.${Math.floor(block / 254)}.${(block % 254) + 1}`;
}
