import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  SseChannel as CoreChannel,
  type AnyEvents,
  type ClientMetadata,
  type EventMap,
  type SseChannelOptions as CoreOptions,
} from '@sse-channel/core';
import { connectRequest } from './connectRequest.js';
import { nodeSink } from './nodeSink.js';

/** Options of a node:http channel: the core options, whose per-connection functions receive the `IncomingMessage`. */
export type SseChannelOptions<M extends object = ClientMetadata> = CoreOptions<IncomingMessage, M>;

/** Called once `addClient` has served the initial data, on the next tick; with an error when the request was refused. */
export type AddClientCallback = (error?: Error) => void;

/**
 * An SSE channel for node:http, a drop-in for the original `sse-channel`: clients are identified by
 * their `ServerResponse`, so `send(msg, [res])` and `removeClient(res)` work as before.
 *
 * @example
 * import SseChannel from '@sse-channel/node';
 * const channel = new SseChannel({ retryTimeout: 2000 });
 * http.createServer((req, res) => channel.addClient(req, res)).listen(8080);
 * channel.send({ id: 1, event: 'hello', data: 'world' });
 */
export class SseChannel<E extends EventMap = AnyEvents, M extends object = ClientMetadata> extends CoreChannel<
  ServerResponse,
  IncomingMessage,
  E,
  M
> {
  /** @throws TypeError or RangeError naming the option when an option is invalid. */
  constructor(options?: SseChannelOptions<M>) {
    super(options);
  }

  /**
   * Answers the request: writes the SSE head and initial data and adds the client, or — for a
   * preflight, HEAD, a refused origin or method — writes the head and ends the response.
   */
  addClient(req: IncomingMessage, res: ServerResponse, callback?: AddClientCallback): void {
    const decision = this.decide(connectRequest(req));
    res.writeHead(decision.status, decision.headers);
    if (!decision.stream) {
      res.end();
      const refused = decision.status >= 400 ? new Error(`Request refused with status ${decision.status}`) : undefined;
      if (callback) process.nextTick(callback, refused);
      return;
    }
    const socket = req.socket;
    socket.setTimeout(0);
    socket.setNoDelay(true);
    socket.setKeepAlive(true);
    const client = this.attach(nodeSink(res), decision, res, req);
    res.on('drain', () => client.onSinkDrain());
    res.on('close', () => client.onSinkClose());
    // A response that closed before it was added (the client left during async middleware) never closes again.
    if (res.destroyed) client.onSinkClose();
    // The channel writes the initial bytes in a microtask it has already queued: call back after it.
    if (callback) queueMicrotask(() => callback());
  }
}
