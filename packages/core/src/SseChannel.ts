import { EventEmitter } from 'node:events';
import { AutoId, withAutoId } from './autoId.js';
import { publishMessage, type Backplane, type BackplaneEvent } from './Backplane.js';
import { concatBytes, utf8 } from './bytes.js';
import { decideConnect, type ConnectDecision, type ConnectRequest } from './connect.js';
import { frameEvent } from './encodeEvent.js';
import type { ClientMetadata } from './featureOptions.js';
import { firstConnectFor } from './firstConnect.js';
import { OK_FRAME, PING_FRAME, PREAMBLE_FRAME, retryFrame } from './frames.js';
import { Heartbeat } from './heartbeat.js';
import { History } from './History.js';
import { closeExpired, expiryOf, lifetimeResolution } from './lifetime.js';
import type { SseMessage } from './message.js';
import { resolveOptions, type ResolvedOptions, type SseChannelOptions } from './options.js';
import { checkInteger } from './optionValues.js';
import { backplaneReplay, planReplay, sinceIdText, type Replay } from './replay.js';
import { replayingSink } from './replayingSink.js';
import { targetHandles, type SendTarget } from './sendTarget.js';
import { StatsCounters, type ChannelStats } from './stats.js';
import { SseClient, type ClientHost } from './SseClient.js';
import type { SseSink } from './SseSink.js';
import type { AnyEvents, ChannelMessage, EventMap } from './typedEvents.js';

const NO_REPLAY: Replay = { frames: [], replayed: 0, reset: false };

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
  /** A client joined, after its initial bytes and replay were queued. */
  connect: [channel: C, request: R, handle: H, info: ConnectInfo<SseClient<H, M, E>>];
  /** A client left: fired exactly once per client, whoever closed it. */
  disconnect: [channel: C, handle: H];
  /** `send` was called; `handles` are the recipients. */
  message: [channel: C, message: SseMessage, handles: H[]];
  /** A client went over `maxQueuedBytes` and is being disconnected (policy `disconnect`). */
  'slow-client': [channel: C, handle: H, queuedBytes: number];
  /** Queued bytes of a congested client were dropped, oldest first (policy `drop-oldest`). */
  drop: [channel: C, handle: H, droppedBytes: number];
  /** A listener of another event threw; without a listener here the error becomes a process warning. */
  error: [error: unknown];
};

/** The channel listeners receive: `Self` when a subclass passes its own type, else the core channel. */
export type ListenerChannel<H, R, E extends EventMap, M extends object, Self> = [Self] extends [never] ? SseChannel<H, R, E, M> : Self;

/** Options of `close()`. */
export interface CloseOptions {
  /** A last event for every client before its stream ends, such as `{ event: 'shutdown' }`; never kept in history. */
  event?: SseMessage;
}

/**
 * A broadcast group of SSE clients with history, keep-alive pings and retry hints, over abstract
 * sinks. Each event is framed once; events sent in the same tick reach each client as one write.
 *
 * Adapters call `decide()` with the request's plain data, write the head it returns, and when it
 * says `stream`, `attach()` a sink. Most applications use an adapter package instead.
 *
 * An adapter's subclass passes itself as `Self`, so listeners receive the subclass.
 *
 * @example
 * const channel = new SseChannel({ historySize: 100, retryTimeout: 2000 });
 * channel.send({ id: 1, event: 'price', data: '42' });
 */
export class SseChannel<
    H = unknown,
    R = ConnectRequest,
    E extends EventMap = AnyEvents,
    M extends object = ClientMetadata,
    Self = never,
  >
  extends EventEmitter<SseChannelEvents<H, R, E, M, ListenerChannel<H, R, E, M, Self>>>
  implements ClientHost<SseClient<H, M, E>, ChannelMessage<E>>
{
  /** @internal */
  readonly maxQueuedBytes: number;
  /** @internal */
  readonly slowClientPolicy: ResolvedOptions['slowClientPolicy'];
  /** @internal */
  readonly counters = new StatsCounters();
  /** Where automatic ids come from (`autoId`); a backplane that assigns ids replaces it. @internal */
  ids: AutoId | undefined;
  private readonly options: ResolvedOptions<R, M>;
  private readonly history: History;
  private readonly clients = new Map<H, SseClient<H, M, E>>();
  /** Clients whose replay is being read from the backplane: `connect` is emitted once it is known. */
  private readonly replaying = new Map<SseClient<H, M, E>, (replay: Replay) => void>();
  /** Broadcast frames of the current tick, written as one chunk to every client that follows it. */
  private tick: Uint8Array[] = [];
  /** Clients whose frames this tick differ from the broadcast (new, or sent to privately). */
  private readonly solo = new Set<SseClient<H, M, E>>();
  private scheduled = false;
  private flushing = false;
  /** Listener calls held back while a flush runs, so a listener cannot reenter it. */
  private deferred: Array<() => void> = [];
  private readonly heartbeat: Heartbeat;
  private readonly flushTick = (): void => this.flush();

  /** @throws TypeError or RangeError naming the option when an option is invalid. */
  constructor(options?: SseChannelOptions<R, M>) {
    super();
    this.options = resolveOptions(options);
    this.maxQueuedBytes = this.options.maxQueuedBytes;
    this.slowClientPolicy = this.options.slowClientPolicy;
    this.history = new History(this.options.historySize, this.options.historyMaxAge);
    if (this.options.autoId) this.ids = new AutoId();
    const resolution = lifetimeResolution(this.options.lifetime);
    this.heartbeat = new Heartbeat(this.options.pingInterval, resolution, () => this.ping(), () => this.housekeeping());
    this.preload();
    this.options.backplane?.open({ deliver: (frame, event) => this.deliverOrdered(frame, event) }, this.options.historySize);
  }

  /** This channel as listeners receive it: a subclass that passes `Self` is that subclass. */
  private get self(): ListenerChannel<H, R, E, M, Self> {
    return this as unknown as ListenerChannel<H, R, E, M, Self>;
  }

  /** Decides how to answer a request (status, headers, stream or not, Last-Event-ID, preamble). */
  decide(request: ConnectRequest): ConnectDecision {
    return decideConnect(request, this.options.cors);
  }

  /**
   * Adds a client whose head (from `decide()`) has been written: queues `:ok`, the retry hint,
   * the preamble and the replay after its Last-Event-ID, then emits `connect` (with a backplane and
   * a Last-Event-ID, once the replay was read from the backplane). Attaching a handle
   * that is already attached returns its existing client.
   */
  attach(sink: SseSink, decision: ConnectDecision, handle: H, request: R): SseClient<H, M, E> {
    const existing = this.clients.get(handle);
    if (existing) return existing;
    const { lastEventId } = decision;
    const { backplane, resetEvent } = this.options;
    // With a backplane, the replay after a Last-Event-ID is read from it (the local history is empty).
    const fromBackplane = backplane !== undefined && lastEventId !== undefined;
    const client: SseClient<H, M, E> = new SseClient<H, M, E>(fromBackplane ? this.replayingSink(sink, backplane, lastEventId, () => client) : sink, this, handle);
    if (this.options.metadata) client.metadata = this.options.metadata(request);
    client.expiresAt = expiryOf(this.options.lifetime, client.connectedAt);
    const firstConnect = lastEventId === undefined ? firstConnectFor(this.options.firstConnect, request) : 'none';
    const replay = planReplay(this.history, fromBackplane ? undefined : lastEventId, firstConnect, resetEvent);
    const frames = [OK_FRAME];
    if (this.options.retryTimeout) frames.push(retryFrame(this.options.retryTimeout));
    if (decision.preamble) frames.push(PREAMBLE_FRAME);
    frames.push(...replay.frames);
    client.queue = frames;
    this.solo.add(client);
    this.clients.set(handle, client);
    this.schedule();
    this.heartbeat.start();
    const connected = (done: Replay): void => {
      this.counters.countConnect(done);
      this.whenSafe(() => this.emit('connect', this.self, request, handle, { client, lastEventId, replayed: done.replayed, reset: done.reset }));
    };
    if (fromBackplane) this.replaying.set(client, connected);
    else connected(replay);
    return client;
  }

  /** The client of a handle, while it is connected. */
  getClient(handle: H): SseClient<H, M, E> | undefined {
    return this.clients.get(handle);
  }

  /** A snapshot of the channel's activity: clients, events and bytes sent, replays, drops, history size. */
  stats(): ChannelStats {
    this.history.expire();
    return this.counters.snapshot(this.clients.size, this.history.size);
  }

  /**
   * Sends a message to every client, or only to some: a list of handles, or `{ filter }` that picks
   * clients (by their `metadata`, say). The event is framed once whoever receives it. Broadcast
   * events with a truthy id enter history (an id already kept moves to newest); targeted messages never do.
   *
   * With a backplane, a broadcast goes to the backplane, which delivers it to every process (this
   * one included) and assigns the id of a kept event: the returned promise resolves with that id
   * once the backplane stored the event, and rejects when it could not. Otherwise nothing is returned.
   *
   * @throws TypeError when the event's `id` or `event` holds CR, LF or NUL; nothing is sent or kept.
   * @example
   * channel.send({ event: 'invoice', data }, { filter: (client) => client.metadata.tenant === 'acme' });
   */
  send(message: ChannelMessage<E>, target?: SendTarget<H, SseClient<H, M, E>>): Promise<string | undefined> | undefined {
    const event: SseMessage = target === undefined && this.ids ? withAutoId(this.ids, message) : message;
    if (target === undefined && this.options.backplane) return publishMessage(this.options.backplane, event, this.options.jsonEncode);
    const frame = utf8(frameEvent(event, this.options.jsonEncode));
    const recipients = target === undefined ? undefined : targetHandles(target, this.clients);
    this.counters.eventsSent++;
    if (recipients === undefined) {
      if (typeof event !== 'string' && event.id) this.history.add(String(event.id), frame);
      this.broadcast(frame);
    } else {
      for (const handle of recipients) {
        const client = this.clients.get(handle);
        if (client) this.sendTo(client, frame);
      }
    }
    if (this.listenerCount('message') > 0) {
      this.emit('message', this.self, event, recipients ?? Array.from(this.clients.keys()));
    }
  }

  /**
   * Sends one client the events of history after `sinceId`, oldest first: what a reconnect with
   * that Last-Event-ID is replayed, the reset event included when `sinceId` fell out of history.
   * The original `sse-channel`'s method, for custom reconnect handling. A handle that is not a
   * client gets nothing. With a backplane the events are read from it: the returned promise
   * resolves once they are queued, and rejects when the backplane could not read them.
   *
   * @throws TypeError when `sinceId` is not a string or a number.
   * @example
   * channel.on('connect', (channel, req, res) => channel.sendEventsSinceId(res, savedIdOf(req)));
   */
  sendEventsSinceId(handle: H, sinceId: string | number): Promise<void> | undefined {
    const since = sinceIdText(sinceId);
    const client = this.clients.get(handle);
    if (!client) return undefined;
    const { backplane, resetEvent } = this.options;
    const queue = (replay: Replay): void => {
      if (client.isClosed) return;
      this.counters.replayedEvents += replay.replayed;
      if (replay.reset) this.counters.resets++;
      for (const frame of replay.frames) this.sendTo(client, frame);
    };
    if (!backplane) {
      queue(planReplay(this.history, since, 'none', resetEvent));
      return undefined;
    }
    const queued = backplane.replay(since, () => {}).then((found) => queue(backplaneReplay(found, since, resetEvent)));
    queued.catch(() => undefined);
    return queued;
  }

  /** @internal */
  sendToClient(client: SseClient<H, M, E>, message: ChannelMessage<E>): void {
    this.send(message, [client.handle]);
  }

  /** Sends the keep-alive comment `:` to every client. */
  ping(): void {
    this.broadcast(PING_FRAME);
  }

  /** Tells every client to wait `milliseconds` before reconnecting, and tells later clients too. */
  retry(milliseconds: number): void {
    checkInteger('retry', milliseconds, 0);
    this.options.retryTimeout = milliseconds;
    this.broadcast(retryFrame(milliseconds));
  }

  /** Number of connected clients. */
  getConnectionCount(): number {
    return this.clients.size;
  }

  /** Stops sending to a client without ending its response; emits `disconnect`. */
  removeClient(handle: H): void {
    const client = this.clients.get(handle);
    if (!client) return;
    if (this.scheduled) this.flush();
    this.clientClosed(client);
  }

  /**
   * Ends every connection, after `event` when given and after what congested clients still had
   * queued, and stops the pings. Resolves once every transport has closed. The channel stays usable
   * for new clients; calling `close()` again, even while one runs, ends only who connected since.
   *
   * @throws TypeError when `event` has an `id` or `event` holding CR, LF or NUL; nothing is ended.
   * @example
   * process.on('SIGTERM', async () => {
   *   await channel.close({ event: { event: 'shutdown', data: 'restarting' } });
   *   server.close();
   * });
   */
  close(options: CloseOptions = {}): Promise<void> {
    if (options.event !== undefined) this.broadcast(utf8(frameEvent(options.event, this.options.jsonEncode)));
    this.flush();
    this.heartbeat.stop();
    const closing = Array.from(this.clients.values(), (client) => client.end(true));
    return Promise.all(closing).then(() => undefined);
  }

  /**
   * Emits an event. A listener that throws never breaks the channel (delivery to other clients, the
   * remaining events of a flush, the adapter's request handler): its error goes to the `error`
   * listeners, or becomes a process warning when there are none, so it is seen but cannot crash a server.
   */
  override emit<K extends keyof SseChannelEvents<H, R, E, M, ListenerChannel<H, R, E, M, Self>>>(
    event: K,
    ...args: SseChannelEvents<H, R, E, M, ListenerChannel<H, R, E, M, Self>>[K]
  ): boolean {
    try {
      return EventEmitter.prototype.emit.call(this, event, ...args);
    } catch (error) {
      if (event !== 'error' && this.listenerCount('error') > 0) return this.emit('error', error);
      process.emitWarning(error instanceof Error ? error : new Error(String(error)), 'SseChannelListenerError');
      return true;
    }
  }

  /** @internal */
  clientClosed(client: SseClient<H, M, E>): void {
    if (this.clients.get(client.handle) !== client) return;
    this.clients.delete(client.handle);
    this.solo.delete(client);
    client.markClosed();
    if (this.clients.size === 0) this.heartbeat.stop();
    // A client that leaves during its replay still joined: listeners see connect before disconnect.
    this.replayed(client, NO_REPLAY);
    this.whenSafe(() => this.emit('disconnect', this.self, client.handle));
  }

  /** @internal */
  clientOverflowed(client: SseClient<H, M, E>, bytes: number, dropped: boolean): void {
    this.counters.countOverflow(bytes, dropped);
    if (dropped) this.whenSafe(() => this.emit('drop', this.self, client.handle, bytes));
    else this.whenSafe(() => this.emit('slow-client', this.self, client.handle, bytes));
  }

  private broadcast(frame: Uint8Array): void {
    this.tick.push(frame);
    for (const client of this.solo) (client.queue as Uint8Array[]).push(frame);
    this.schedule();
  }

  private sendTo(client: SseClient<H, M, E>, frame: Uint8Array): void {
    if (client.queue === null) {
      client.queue = this.tick.slice();
      this.solo.add(client);
    }
    client.queue.push(frame);
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(this.flushTick);
  }

  /** Writes the tick's frames: one shared chunk for clients that follow the broadcast, one chunk per solo client. */
  private flush(): void {
    this.scheduled = false;
    this.flushing = true;
    const tick = this.tick;
    if (tick.length === 0) {
      for (const client of this.solo) this.flushSolo(client);
    } else {
      this.tick = [];
      const shared = concatBytes(tick);
      for (const client of this.clients.values()) {
        if (client.queue === null) client.deliver(shared);
        else this.flushSolo(client);
      }
    }
    this.solo.clear();
    this.flushing = false;
    if (this.deferred.length > 0) {
      const deferred = this.deferred;
      this.deferred = [];
      for (const call of deferred) call();
    }
  }

  private whenSafe(call: () => void): void {
    if (this.flushing) this.deferred.push(call);
    else call();
  }

  private flushSolo(client: SseClient<H, M, E>): void {
    const frames = client.queue;
    client.queue = null;
    if (frames && frames.length > 0) client.deliver(concatBytes(frames));
  }

  /** On every beat of the channel timer: evict aged history, close connections past their lifetime. */
  private housekeeping(): void {
    this.history.expire();
    const { lifetime } = this.options;
    if (lifetime.max > 0) this.counters.expiredConnections += closeExpired(this.clients.values(), lifetime, Date.now());
  }

  /**
   * The sink of a client whose replay is read from the backplane. Live events held meanwhile are
   * bounded by `maxQueuedBytes`; over it the client is dropped as a slow client, whatever the
   * policy (dropping held events would leave a gap), and catches up when it reconnects.
   */
  private replayingSink(sink: SseSink, backplane: Backplane, lastEventId: string, client: () => SseClient<H, M, E>): SseSink {
    const load = (cut: () => void): Promise<Replay> =>
      backplane.replay(lastEventId, cut).then((found) => backplaneReplay(found, lastEventId, this.options.resetEvent));
    return replayingSink(sink, load, this.maxQueuedBytes, {
      replayed: (replay) => this.replayed(client(), replay),
      overflowed: (bytes) => {
        this.replayed(client(), NO_REPLAY);
        this.clientOverflowed(client(), bytes, false);
        client().close();
      },
    });
  }

  /** Emits the `connect` a client waited for while its replay was read from the backplane. */
  private replayed(client: SseClient<H, M, E>, replay: Replay): void {
    const connected = this.replaying.get(client);
    if (!connected) return;
    this.replaying.delete(client);
    connected(replay);
  }

  /** Delivers an event the backplane ordered: the broadcast path of `send`; history lives in the backplane. */
  private deliverOrdered(frame: Uint8Array, event: BackplaneEvent): void {
    this.counters.eventsSent++;
    this.broadcast(frame);
    if (this.listenerCount('message') > 0) {
      this.emit('message', this.self, event, Array.from(this.clients.keys()));
    }
  }

  /** Adds every pre-loaded event so that those over `historySize` count as evicted (see `History.lost`). */
  private preload(): void {
    for (const event of this.options.history) {
      if (!event.id) continue;
      try {
        this.history.add(String(event.id), utf8(frameEvent(event, this.options.jsonEncode)));
      } catch (error) {
        throw new TypeError(`history holds an invalid event: ${(error as Error).message}`);
      }
      this.ids?.observe(event.id);
    }
  }
}
