import { EventEmitter } from 'node:events';
import { concatBytes, utf8 } from './bytes.js';
import { decideConnect, type ConnectDecision, type ConnectRequest } from './connect.js';
import { frameEvent } from './encodeEvent.js';
import { OK_FRAME, PING_FRAME, PREAMBLE_FRAME, retryFrame } from './frames.js';
import { History } from './History.js';
import type { SseMessage } from './message.js';
import { checkInteger, resolveOptions, type ResolvedOptions, type SseChannelOptions } from './options.js';
import { SseClient, type ClientHost } from './SseClient.js';
import type { SseSink } from './SseSink.js';

/**
 * The events a channel emits, with their listener arguments. `H` is what identifies a client
 * (the node adapter: its `ServerResponse`), `R` the request a client connected with.
 */
export type SseChannelEvents<H, R> = {
  /** A client joined, after its initial bytes and replay were queued. */
  connect: [channel: SseChannel<H, R>, request: R, handle: H];
  /** A client left: fired exactly once per client, whoever closed it. */
  disconnect: [channel: SseChannel<H, R>, handle: H];
  /** `send` was called; `handles` are the recipients. */
  message: [channel: SseChannel<H, R>, message: SseMessage, handles: H[]];
  /** A client went over `maxQueuedBytes` and is being disconnected (policy `disconnect`). */
  'slow-client': [channel: SseChannel<H, R>, handle: H, queuedBytes: number];
  /** Queued bytes of a congested client were dropped, oldest first (policy `drop-oldest`). */
  drop: [channel: SseChannel<H, R>, handle: H, droppedBytes: number];
};

/**
 * A broadcast group of SSE clients with history, keep-alive pings and retry hints, over abstract
 * sinks. Each event is framed once; events sent in the same tick reach each client as one write.
 *
 * Adapters call `decide()` with the request's plain data, write the head it returns, and when it
 * says `stream`, `attach()` a sink. Most applications use an adapter package instead.
 *
 * @example
 * const channel = new SseChannel({ historySize: 100, retryTimeout: 2000 });
 * channel.send({ id: 1, event: 'price', data: '42' });
 */
export class SseChannel<H = unknown, R = ConnectRequest>
  extends EventEmitter<SseChannelEvents<H, R>>
  implements ClientHost<H>
{
  /** @internal */
  readonly maxQueuedBytes: number;
  /** @internal */
  readonly slowClientPolicy: ResolvedOptions['slowClientPolicy'];
  private readonly options: ResolvedOptions;
  private readonly history: History;
  private readonly clients = new Map<H, SseClient<H>>();
  /** Broadcast frames of the current tick, written as one chunk to every client that follows it. */
  private tick: Uint8Array[] = [];
  /** Clients whose frames this tick differ from the broadcast (new, or sent to privately). */
  private readonly solo = new Set<SseClient<H>>();
  private scheduled = false;
  private flushing = false;
  /** Listener calls held back while a flush runs, so a listener cannot reenter it. */
  private deferred: Array<() => void> = [];
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly flushTick = (): void => this.flush();

  /** @throws TypeError or RangeError naming the option when an option is invalid. */
  constructor(options?: SseChannelOptions) {
    super();
    this.options = resolveOptions(options);
    this.maxQueuedBytes = this.options.maxQueuedBytes;
    this.slowClientPolicy = this.options.slowClientPolicy;
    this.history = new History(this.options.historySize);
    this.preload();
  }

  /** Decides how to answer a request (status, headers, stream or not, Last-Event-ID, preamble). */
  decide(request: ConnectRequest): ConnectDecision {
    return decideConnect(request, this.options.cors);
  }

  /**
   * Adds a client whose head (from `decide()`) has been written: queues `:ok`, the retry hint,
   * the preamble and the replay after its Last-Event-ID, then emits `connect`. Attaching a handle
   * that is already attached returns its existing client.
   */
  attach(sink: SseSink, decision: ConnectDecision, handle: H, request: R): SseClient<H> {
    const existing = this.clients.get(handle);
    if (existing) return existing;
    const client = new SseClient<H>(sink, this, handle);
    const frames = [OK_FRAME];
    if (this.options.retryTimeout) frames.push(retryFrame(this.options.retryTimeout));
    if (decision.preamble) frames.push(PREAMBLE_FRAME);
    if (decision.lastEventId !== undefined) frames.push(...this.history.since(decision.lastEventId));
    client.queue = frames;
    this.solo.add(client);
    this.clients.set(handle, client);
    this.schedule();
    this.startPings();
    this.emit('connect', this, request, handle);
    return client;
  }

  /**
   * Sends a message to every client, or only to `handles`. Broadcast events with a truthy id enter
   * history (an id already kept moves to newest); private messages never do.
   *
   * @throws TypeError when the event's `id` or `event` holds CR, LF or NUL; nothing is sent or kept.
   */
  send(message: SseMessage, handles?: Iterable<H>): void {
    const frame = utf8(frameEvent(message, this.options.jsonEncode));
    const recipients = handles === undefined ? undefined : Array.from(handles);
    if (recipients === undefined) {
      if (typeof message !== 'string' && message.id) this.history.add(String(message.id), frame);
      this.broadcast(frame);
    } else {
      for (const handle of recipients) {
        const client = this.clients.get(handle);
        if (client) this.sendTo(client, frame);
      }
    }
    if (this.listenerCount('message') > 0) {
      this.emit('message', this, message, recipients ?? Array.from(this.clients.keys()));
    }
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

  /** Ends every connection and stops the pings. The channel stays usable for new clients. */
  close(): void {
    this.flush();
    this.stopPings();
    for (const client of this.clients.values()) client.end();
  }

  /** @internal */
  clientClosed(client: SseClient<H>): void {
    if (this.clients.get(client.handle) !== client) return;
    this.clients.delete(client.handle);
    this.solo.delete(client);
    client.markClosed();
    if (this.clients.size === 0) this.stopPings();
    this.whenSafe(() => this.emit('disconnect', this, client.handle));
  }

  /** @internal */
  clientOverflowed(client: SseClient<H>, bytes: number, dropped: boolean): void {
    if (dropped) this.whenSafe(() => this.emit('drop', this, client.handle, bytes));
    else this.whenSafe(() => this.emit('slow-client', this, client.handle, bytes));
  }

  private broadcast(frame: Uint8Array): void {
    this.tick.push(frame);
    for (const client of this.solo) (client.queue as Uint8Array[]).push(frame);
    this.schedule();
  }

  private sendTo(client: SseClient<H>, frame: Uint8Array): void {
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

  private flushSolo(client: SseClient<H>): void {
    const frames = client.queue;
    client.queue = null;
    if (frames && frames.length > 0) client.deliver(concatBytes(frames));
  }

  private startPings(): void {
    if (this.timer !== undefined || this.options.pingInterval === 0) return;
    this.timer = setInterval(() => this.ping(), this.options.pingInterval);
    // The keep-alive timer must never keep the process alive on its own.
    (this.timer as { unref?: () => void }).unref?.();
  }

  private stopPings(): void {
    if (this.timer === undefined) return;
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private preload(): void {
    const kept = this.options.history.filter((event) => event.id);
    const start = Math.max(0, kept.length - this.options.historySize);
    for (const event of kept.slice(start)) {
      try {
        this.history.add(String(event.id), utf8(frameEvent(event, this.options.jsonEncode)));
      } catch (error) {
        throw new TypeError(`history holds an invalid event: ${(error as Error).message}`);
      }
    }
  }
}
