import { concatBytes } from './bytes.js';
import type { SlowClientPolicy } from './options.js';
import type { SseSink } from './SseSink.js';

/** What a client needs from its channel. @internal */
export interface ClientHost<H> {
  readonly maxQueuedBytes: number;
  readonly slowClientPolicy: SlowClientPolicy;
  clientOverflowed(client: SseClient<H>, bytes: number, dropped: boolean): void;
  clientClosed(client: SseClient<H>): void;
}

/**
 * One connected client of a channel. Adapters create it with `channel.attach()` and report the
 * transport's drain and close to it; everything else is the channel's business.
 */
export class SseClient<H = unknown> {
  /** Frames for this client in the current tick, when they differ from the channel's broadcast. @internal */
  queue: Uint8Array[] | null = null;
  private backlog: Uint8Array[] = [];
  private backlogBytes = 0;
  private congested = false;
  private closed = false;

  /** @internal */
  constructor(
    private readonly sink: SseSink,
    private readonly host: ClientHost<H>,
    /** What the adapter identifies this client by (the node adapter: the `ServerResponse`). */
    readonly handle: H,
  ) {}

  /** True once the client has left the channel. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Bytes waiting for the transport to drain. */
  get queuedBytes(): number {
    return this.backlogBytes;
  }

  /** The adapter calls this when the congested transport can take more bytes. */
  onSinkDrain(): void {
    if (this.closed) return;
    this.congested = false;
    if (this.backlog.length === 0) return;
    const chunks = this.backlog;
    this.backlog = [];
    this.backlogBytes = 0;
    this.write(concatBytes(chunks));
  }

  /** The adapter calls this when the transport has closed; the client leaves the channel once. */
  onSinkClose(): void {
    if (!this.closed) this.host.clientClosed(this);
  }

  /** Hands bytes to the transport, or queues them while it is congested. @internal */
  deliver(chunk: Uint8Array): void {
    if (this.closed) return;
    if (this.congested) this.enqueue(chunk);
    else this.write(chunk);
  }

  /** Ends the transport; the client leaves the channel. @internal */
  end(): void {
    if (this.closed) return;
    this.sink.end();
    this.host.clientClosed(this);
  }

  /** Marks the client as gone and lets go of what it queued. @internal */
  markClosed(): void {
    this.closed = true;
    this.queue = null;
    this.backlog = [];
    this.backlogBytes = 0;
  }

  private write(chunk: Uint8Array): void {
    try {
      if (!this.sink.write(chunk)) this.congested = true;
      this.sink.flush?.();
    } catch {
      // A transport that throws is gone: the client leaves instead of breaking the broadcast.
      this.onSinkClose();
    }
  }

  private enqueue(chunk: Uint8Array): void {
    this.backlog.push(chunk);
    this.backlogBytes += chunk.byteLength;
    const limit = this.host.maxQueuedBytes;
    if (this.backlogBytes <= limit) return;
    if (this.host.slowClientPolicy === 'disconnect') {
      this.host.clientOverflowed(this, this.backlogBytes, false);
      this.end();
      return;
    }
    let dropped = 0;
    while (this.backlogBytes > limit) {
      const oldest = this.backlog.shift() as Uint8Array;
      this.backlogBytes -= oldest.byteLength;
      dropped += oldest.byteLength;
    }
    this.host.clientOverflowed(this, dropped, true);
  }
}
