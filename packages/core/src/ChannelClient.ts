import { concatBytes } from './bytes.js';
import type { ClientMetadata } from './featureOptions.js';
import type { SlowClientPolicy } from './options.js';
import type { StatsCounters } from './stats.js';
import type { SseSink } from './SseSink.js';
import type { AnyEvents, ChannelMessage, EventMap } from './typedEvents.js';

/** What a client needs from its channel. `C` is the client type. @internal */
export interface ClientHost<C, Message> {
  readonly maxQueuedBytes: number;
  readonly slowClientPolicy: SlowClientPolicy;
  readonly counters: StatsCounters;
  clientOverflowed(client: C, bytes: number, dropped: boolean): void;
  clientClosed(client: C): void;
  sendToClient(client: C, message: Message): void;
}

/**
 * One connected client of a channel. Adapters create it with `channel.attach()` and report the
 * transport's drain and close to it; everything else is the channel's business.
 * `M` is the type of its `metadata`, `E` the channel's event map.
 */
export class SseClient<H = unknown, M extends object = ClientMetadata, E extends EventMap = AnyEvents> {
  /** When the client connected (ms since epoch). */
  readonly connectedAt = Date.now();
  /** When the channel closes the connection (`maxLifetime`), ms since epoch. @internal */
  expiresAt = Infinity;
  /** Frames for this client in the current tick, when they differ from the channel's broadcast. @internal */
  queue: Uint8Array[] | null = null;
  /** What waits for the transport to drain; none while it is not congested, so idle clients hold nothing. */
  private backlog: Uint8Array[] | null = null;
  private backlogBytes = 0;
  private congested = false;
  private closed = false;
  // Made on first use: most clients never carry metadata, and an idle client should stay small.
  private ownMetadata: M | undefined = undefined;

  /** @internal */
  constructor(
    private readonly sink: SseSink,
    private readonly host: ClientHost<SseClient<H, M, E>, ChannelMessage<E>>,
    /** What the adapter identifies this client by (the node adapter: the `ServerResponse`). */
    readonly handle: H,
  ) {}

  /** What the application attached to this client at connect (the channel's `metadata` option, or set in a `connect` listener). */
  get metadata(): M {
    return (this.ownMetadata ??= {} as M);
  }

  set metadata(value: M) {
    this.ownMetadata = value;
  }

  /** True once the client has left the channel. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Bytes waiting for the transport to drain. */
  get queuedBytes(): number {
    return this.backlogBytes;
  }

  /** Sends a message to this client only (never kept in history), framed and coalesced as `channel.send` does. */
  send(message: ChannelMessage<E>): void {
    if (!this.closed) this.host.sendToClient(this, message);
  }

  /** Ends the connection; the client leaves the channel (`disconnect` fires) and may reconnect. */
  close(): void {
    this.end();
  }

  /** The adapter calls this when the congested transport can take more bytes. */
  onSinkDrain(): void {
    if (this.closed) return;
    this.congested = false;
    const chunks = this.backlog;
    if (chunks === null) return;
    this.backlog = null;
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

  /**
   * Ends the transport; the client leaves the channel. `drain` first hands over what a congested
   * transport still had queued (already bounded by `maxQueuedBytes`). Resolves once the transport closed.
   * @internal
   */
  end(drain = false): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (drain && this.backlog !== null) this.write(concatBytes(this.backlog));
    if (this.closed) return Promise.resolve();
    const ended = this.sink.end();
    this.host.clientClosed(this);
    return Promise.resolve(ended);
  }

  /** Cuts a client over the bound: a transport that does not drain would hold a graceful end for ever. */
  private cut(): void {
    if (this.sink.destroy) this.sink.destroy();
    else void this.sink.end();
    this.host.clientClosed(this);
  }

  /** Marks the client as gone and lets go of what it queued. @internal */
  markClosed(): void {
    this.closed = true;
    this.queue = null;
    this.backlog = null;
    this.backlogBytes = 0;
  }

  private write(chunk: Uint8Array): void {
    this.host.counters.bytesSent += chunk.byteLength;
    try {
      if (!this.sink.write(chunk)) this.congested = true;
      this.sink.flush?.();
    } catch {
      // A transport that throws is gone: the client leaves instead of breaking the broadcast.
      this.onSinkClose();
    }
  }

  private enqueue(chunk: Uint8Array): void {
    const backlog = (this.backlog ??= []);
    backlog.push(chunk);
    this.backlogBytes += chunk.byteLength;
    const limit = this.host.maxQueuedBytes;
    if (this.backlogBytes <= limit) return;
    if (this.host.slowClientPolicy === 'disconnect') {
      this.host.clientOverflowed(this, this.backlogBytes, false);
      this.cut();
      return;
    }
    let dropped = 0;
    while (this.backlogBytes > limit) {
      const oldest = backlog.shift() as Uint8Array;
      this.backlogBytes -= oldest.byteLength;
      dropped += oldest.byteLength;
    }
    this.host.clientOverflowed(this, dropped, true);
  }
}
