import type { ClientMetadata } from './featureOptions.js';
import type { AnyEvents, ChannelMessage, EventMap } from './typedEvents.js';

/**
 * One connected client of a channel, as the `connect` event and `getClient()` give it. `H` is what
 * the adapter identifies it by (the node adapter: its `ServerResponse`), `M` the type of its
 * `metadata`, `E` the channel's event map.
 */
export interface SseClient<H = unknown, M extends object = ClientMetadata, E extends EventMap = AnyEvents> {
  /** What the adapter identifies this client by (the node adapter: the `ServerResponse`). */
  readonly handle: H;
  /** When the client connected (ms since epoch). */
  readonly connectedAt: number;
  /** What the application attached to this client at connect (the channel's `metadata` option, or set in a `connect` listener). */
  metadata: M;
  /** True once the client has left the channel. */
  readonly isClosed: boolean;
  /** Bytes waiting for the transport to drain (or, while the client joins through a backplane, for its replay). */
  readonly queuedBytes: number;
  /** Sends a message to this client only (never kept in history), framed and coalesced as `channel.send` does. */
  send(message: ChannelMessage<E>): void;
  /** Ends the connection; the client leaves the channel (`disconnect` fires) and may reconnect. */
  close(): void;
  /** The adapter calls this when the congested transport can take more bytes. */
  onSinkDrain(): void;
  /** The adapter calls this when the transport has closed; the client leaves the channel once. */
  onSinkClose(): void;
}
