import { AutoId, withAutoId } from './autoId.js';
import { BackplaneLink } from './BackplaneLink.js';
import { Broadcaster } from './Broadcaster.js';
import { concatBytes } from './bytes.js';
import { ChannelClient, type ClientHost } from './ChannelClient.js';
import { decideConnect, type ConnectRequest } from './connect.js';
import type { ConnectAnswer } from './ConnectAnswer.js';
import { Emitter } from './Emitter.js';
import { encodeEvent } from './encodeEvent.js';
import type { ClientMetadata } from './featureOptions.js';
import { firstConnectFor } from './firstConnect.js';
import { OK_FRAME, PING_FRAME, PREAMBLE_FRAME, retryFrame } from './frames.js';
import { PING_STEP, PingRound } from './PingRound.js';
import { Heartbeat } from './heartbeat.js';
import { History } from './History.js';
import { Housekeeping } from './housekeeping.js';
import { expiryOf } from './lifetime.js';
import type { SseMessage } from './message.js';
import type { ListenerChannel, SseChannelEvents } from './channelEvents.js';
import { resolveOptions, type ResolvedOptions, type SseChannelOptions } from './options.js';
import { checkInteger } from './optionValues.js';
import { preloadHistory } from './preload.js';
import { planReplay, sinceIdText, type Replay } from './replay.js';
import { targetHandles, type SendTarget } from './sendTarget.js';
import { StatsCounters, type ChannelStats } from './stats.js';
import type { SseClient } from './SseClient.js';
import type { SseSink } from './SseSink.js';
import type { AnyEvents, ChannelMessage, EventMap } from './typedEvents.js';

/** Options of `close()`. */
export interface CloseOptions {
  /** A last event for every client before its stream ends, such as `{ event: 'shutdown' }`; never kept in history. */
  event?: SseMessage;
}

/**
 * A broadcast group of SSE clients with history, keep-alive pings and retry hints, over abstract
 * sinks. Each event is framed once; events sent in the same tick (or within `flushInterval`) reach
 * each client as one write, handed out in slices so that very many clients never stall the event loop.
 *
 * An adapter answers a request with `accept()`, writes the status and headers it returns, and, for
 * an event stream, calls `open(sink)`. Most applications use an adapter package instead.
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
> extends Emitter<SseChannelEvents<H, R, E, M, ListenerChannel<H, R, E, M, Self>>> {
  private readonly options: ResolvedOptions<R, M>;
  private readonly history: History;
  private readonly counters = new StatsCounters();
  private readonly clients: Broadcaster<H, ChannelClient<H, M, E>>;
  private readonly pings: PingRound<ChannelClient<H, M, E>>;
  /** Where automatic ids come from (`autoId`), unless a backplane assigns them. */
  private readonly ids: AutoId | undefined;
  private readonly link: BackplaneLink<ChannelClient<H, M, E>> | undefined;
  private readonly heartbeat: Heartbeat;
  private readonly housekeeping: Housekeeping<ChannelClient<H, M, E>>;
  private readonly host: ClientHost<ChannelClient<H, M, E>, ChannelMessage<E>>;

  /** @throws TypeError or RangeError naming the option when an option is invalid. */
  constructor(options?: SseChannelOptions<R, M>) {
    super();
    const resolved = (this.options = resolveOptions(options));
    this.clients = new Broadcaster(resolved.flushInterval);
    // A round of pings to very many clients takes at most a quarter of the interval.
    this.pings = new PingRound(resolved.pingInterval / 4, (work) => this.clients.busy(work));
    this.history = new History(resolved.historySize, resolved.historyMaxAge);
    this.ids = resolved.autoId && !resolved.backplane ? new AutoId() : undefined;
    preloadHistory(this.history, resolved.history, resolved.jsonEncode, this.ids);
    this.housekeeping = new Housekeeping(resolved.lifetime, resolved.stallTimeout, {
      history: this.history,
      clients: () => this.clients.values(),
      expired: (count) => (this.counters.expiredConnections += count),
      stalledOut: (client) => {
        this.overflowed(client, client.queuedBytes, false);
        client.cutOff();
      },
    });
    this.heartbeat = new Heartbeat(resolved.pingInterval, this.housekeeping.resolution, () => this.ping(), () => this.housekeeping.beat());
    this.host = {
      maxQueuedBytes: resolved.maxQueuedBytes,
      slowClientPolicy: resolved.slowClientPolicy,
      counters: this.counters,
      sendTo: (client, message) => this.send(message, [client.handle]),
      congestion: (client, stalled) => {
        this.housekeeping.congestion(client, stalled);
        // Without pings or lifetimes the timer runs only while a client is stalled.
        if (stalled) this.heartbeat.start();
      },
      overflowed: (client, bytes, dropped) => this.overflowed(client, bytes, dropped),
      closed: (client) => this.clientClosed(client),
    };
    this.link = resolved.backplane && new BackplaneLink(resolved.backplane, resolved.historySize, {
      receive: (event, frame) => this.deliver(event, frame),
      refuse: (error) => this.report(error),
      settle: (client) => this.clients.settle(client),
    });
  }

  /** This channel as listeners receive it: a subclass that passes `Self` is that subclass. */
  private get self(): ListenerChannel<H, R, E, M, Self> {
    return this as unknown as ListenerChannel<H, R, E, M, Self>;
  }

  /**
   * Answers a request, from its plain data (`connect`), the request the adapter got (`request`, what
   * the per-connection options receive) and what identifies the client (`handle`): the status and
   * headers to write, and whether it becomes an event stream, opened with `answer.open(sink)` once
   * the head is written.
   *
   * @throws Error when `handle` is already a client of this channel (a request is answered once).
   */
  accept(connect: ConnectRequest, request: R, handle: H): ConnectAnswer<SseClient<H, M, E>> {
    if (this.clients.get(handle)) throw new Error('This request is already a client of the channel: answer it once');
    const { cors, maxClients, retryTimeout } = this.options;
    const busy = this.clients.size >= maxClients ? Math.ceil((retryTimeout ?? 5000) / 1000) : undefined;
    const decision = decideConnect(connect, cors, busy);
    let opened = false;
    return {
      status: decision.status,
      headers: decision.headers,
      stream: decision.stream,
      open: (sink) => {
        if (!decision.stream || opened) throw new Error(decision.stream ? 'The stream is open already' : `A ${decision.status} answer has no stream to open`);
        opened = true;
        return this.open(sink, decision.lastEventId, decision.preamble, request, handle);
      },
    };
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
    if (target === undefined && this.link) return this.link.publish(message, this.options);
    const event: SseMessage = target === undefined && this.ids ? withAutoId(this.ids, message) : message;
    const frame = encodeEvent(event, this.options);
    if (target === undefined) {
      if (typeof event !== 'string' && event.id) this.history.add(String(event.id), frame);
      return this.deliver(event, frame);
    }
    const recipients = targetHandles(target, this.clients);
    this.counters.eventsSent++;
    for (const handle of recipients) {
      const client = this.clients.get(handle);
      if (client) this.clients.sendTo(client, frame);
    }
    if (this.listenerCount('message') > 0) this.emit('message', this.self, event, recipients);
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
    const queue = (replay: Replay): void => {
      if (client.isClosed) return;
      this.counters.countReplay(replay);
      for (const frame of replay.frames) this.clients.sendTo(client, frame);
    };
    if (!this.link) {
      queue(planReplay(this.history, since, 'none', this.options.resetEvent));
      return undefined;
    }
    const queued = this.link.read(since, this.options.resetEvent).then(queue);
    queued.catch(() => undefined);
    return queued;
  }

  /**
   * Sends the keep-alive comment `:` to every client. Beyond a few hundred clients it goes out in
   * steps spread over a quarter of `pingInterval`, so that pinging does not stall the event loop.
   */
  ping(): void {
    if (this.clients.size <= PING_STEP) this.clients.broadcast(PING_FRAME);
    else this.pings.start(this.clients.values(), this.clients.size);
  }

  /** Tells every client to wait `milliseconds` before reconnecting, and tells later clients too. */
  retry(milliseconds: number): void {
    checkInteger('retry', milliseconds, 0);
    this.options.retryTimeout = milliseconds;
    this.clients.broadcast(retryFrame(milliseconds));
  }

  /** Number of connected clients. */
  getConnectionCount(): number {
    return this.clients.size;
  }

  /** Stops sending to a client without ending its response; emits `disconnect`. */
  removeClient(handle: H): void {
    const client = this.clients.get(handle);
    if (!client) return;
    this.clients.settle(client);
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
    if (options.event !== undefined) this.clients.broadcast(encodeEvent(options.event, this.options));
    this.clients.flush();
    this.heartbeat.stop();
    this.pings.stop();
    const closing = Array.from(this.clients.values(), (client) => client.end(true));
    return Promise.all(closing).then(() => undefined);
  }

  /** Starts a client's stream: its first bytes and the replay after its Last-Event-ID, then `connect`. */
  private open(sink: SseSink, lastEventId: string | undefined, preamble: boolean, request: R, handle: H): SseClient<H, M, E> {
    if (this.clients.get(handle)) throw new Error('This request is already a client of the channel: answer it once');
    const { options } = this;
    let metadata: M | undefined;
    let replay: Replay | undefined;
    try {
      metadata = options.metadata?.(request);
      const firstConnect = lastEventId === undefined ? firstConnectFor(options.firstConnect, request) : 'none';
      // With a backplane, the replay after a Last-Event-ID is read from it (the local history is empty).
      if (!this.link || lastEventId === undefined) replay = planReplay(this.history, lastEventId, firstConnect, options.resetEvent);
    } catch (error) {
      // An option function threw: the head is out, so the stream is ended rather than left open.
      void sink.end();
      throw error;
    }
    const client = new ChannelClient<H, M, E>(sink, this.host, handle);
    if (metadata !== undefined) client.metadata = metadata;
    client.expiresAt = expiryOf(options.lifetime, client.connectedAt);
    const opening = [OK_FRAME];
    if (options.retryTimeout) opening.push(retryFrame(options.retryTimeout));
    if (preamble) opening.push(PREAMBLE_FRAME);
    const connected = (done: Replay): void => {
      this.counters.countConnect(done);
      this.clients.whenIdle(() => this.emit('connect', this.self, request, handle, { client, lastEventId, replayed: done.replayed, reset: done.reset }));
    };
    this.clients.add(client);
    if (options.pingInterval > 0 || options.lifetime.max > 0) this.heartbeat.start();
    // `connect` comes once the first bytes are written, and before a `disconnect` of a client whose transport failed at once.
    this.clients.busy(() => {
      if (replay) {
        connected(replay);
        client.start(concatBytes([...opening, ...replay.frames]), false);
      } else {
        client.start(concatBytes(opening), true);
        if (client.isJoining) this.link?.join(client, lastEventId as string, options.resetEvent, connected);
      }
    });
    return client;
  }

  /** Hands a broadcast to every client, framed once: the path of local sends and of the backplane's deliveries. */
  private deliver(event: SseMessage, frame: Uint8Array): undefined {
    this.counters.eventsSent++;
    this.clients.broadcast(frame);
    if (this.listenerCount('message') > 0) this.emit('message', this.self, event, this.clients.handles());
    return undefined;
  }

  private clientClosed(client: ChannelClient<H, M, E>): void {
    if (!this.clients.remove(client)) return;
    this.housekeeping.congestion(client, false);
    client.release();
    if (this.clients.size === 0) this.heartbeat.stop();
    // A client that leaves during its replay still joined: listeners see connect before disconnect.
    this.link?.left(client);
    this.clients.whenIdle(() => this.emit('disconnect', this.self, client.handle));
  }

  private overflowed(client: ChannelClient<H, M, E>, bytes: number, dropped: boolean): void {
    this.counters.countOverflow(bytes, dropped);
    if (dropped) return this.clients.whenIdle(() => this.emit('drop', this.self, client.handle, bytes));
    this.link?.left(client);
    this.clients.whenIdle(() => this.emit('slow-client', this.self, client.handle, bytes));
  }
}
