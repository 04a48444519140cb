import type { ClientMetadata } from './featureOptions.js';
import type { SseMessage } from './message.js';
import type { SseChannel } from './SseChannel.js';
import type { SseClient } from './SseClient.js';
import type { AnyEvents, EventMap } from './typedEvents.js';

/** What the `connect` event tells about a new client besides its request and handle. */
export interface ConnectInfo<C> {
  /** The new client: set its `metadata`, keep it to `send` to it or `close` it. */
  client: C;
  /** The Last-Event-ID it sent, if any. */
  lastEventId: string | undefined;
  /** How many events of history it was replayed. */
  replayed: number;
  /** True when its Last-Event-ID is no longer in history: it has missed events and should reload its state. */
  reset: boolean;
}

/**
 * The events a channel emits, with their listener arguments. `H` is what identifies a client
 * (the node adapter: its `ServerResponse`), `R` the request a client connected with,
 * `E` the event map, `M` the clients' metadata and `C` the channel listeners receive
 * (an adapter's own channel class, so its methods such as `addClient` are typed).
 */
export type SseChannelEvents<
  H,
  R,
  E extends EventMap = AnyEvents,
  M extends object = ClientMetadata,
  C = SseChannel<H, R, E, M>,
> = {
  /** A client joined: its first bytes and its replay were written. */
  connect: [channel: C, request: R, handle: H, info: ConnectInfo<SseClient<H, M, E>>];
  /** A client left: fired exactly once per client, whoever closed it. */
  disconnect: [channel: C, handle: H];
  /** `send` was called; `handles` are the recipients. */
  message: [channel: C, message: SseMessage, handles: H[]];
  /** A client went over `maxQueuedBytes` and is being disconnected (policy `disconnect`). */
  'slow-client': [channel: C, handle: H, queuedBytes: number];
  /** Queued bytes of a congested client were dropped, oldest first (policy `drop-oldest`). */
  drop: [channel: C, handle: H, droppedBytes: number];
  /** A listener of another event threw; without a listener here the error is reported by the runtime adapter (Node: a process warning). */
  error: [error: unknown];
};

/** The channel listeners receive: `Self` when a subclass passes its own type, else the core channel. */
export type ListenerChannel<H, R, E extends EventMap, M extends object, Self> = [Self] extends [never] ? SseChannel<H, R, E, M> : Self;
