import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  SseChannel as CoreChannel,
  type AnyEvents,
  type ClientMetadata,
  type EventMap,
  type SseChannelOptions as CoreOptions,
} from '@sse-channel/core';
import { connectRequest, type NodeRequest } from './connectRequest.js';
import { nodeSink, type NodeResponse } from './nodeSink.js';

/** Options of a node:http channel: the core options, whose per-connection functions receive the request (`IncomingMessage`). */
export type SseChannelOptions<M extends object = ClientMetadata, Req extends NodeRequest = IncomingMessage> = CoreOptions<Req, M>;

/** Called once `addClient` has served the initial data, on the next tick; with an error when the request was refused. */
export type AddClientCallback = (error?: Error) => void;

/**
 * An SSE channel for node:http, a drop-in for the original `sse-channel`: clients are identified by
 * their `ServerResponse`, so `send(msg, [res])` and `removeClient(res)` work as before.
 * node:http2 servers (secure or not) work too, through the compatibility API: name its types as the
 * `Res` and `Req` type parameters, so events and `send` see the responses the channel really holds.
 *
 * @example
 * import SseChannel from '@sse-channel/node';
 * const channel = new SseChannel({ retryTimeout: 2000 });
 * http.createServer((req, res) => channel.addClient(req, res)).listen(8080);
 * channel.send({ id: 1, event: 'hello', data: 'world' });
 * @example
 * const channel = new SseChannel<AnyEvents, ClientMetadata, Http2ServerResponse, Http2ServerRequest>();
 * http2.createSecureServer({ key, cert }, (req, res) => channel.addClient(req, res));
 */
export class SseChannel<
  E extends EventMap = AnyEvents,
  M extends object = ClientMetadata,
  Res extends NodeResponse = ServerResponse,
  Req extends NodeRequest = IncomingMessage,
> extends CoreChannel<Res, Req, E, M, SseChannel<E, M, Res, Req>> {
  // One drain and one close listener for all of the channel's responses (`this` is the response),
  // rather than two closures per client: idle connections stay close to node:http's own size.
  private readonly responseDrained: (this: Res) => void;
  private readonly responseClosed: (this: Res) => void;

  /** @throws TypeError or RangeError naming the option when an option is invalid. */
  constructor(options?: SseChannelOptions<M, Req>) {
    super(options);
    const clients = (res: Res) => this.getClient(res);
    this.responseDrained = function () {
      clients(this)?.onSinkDrain();
    };
    this.responseClosed = function () {
      clients(this)?.onSinkClose();
    };
  }

  /**
   * Answers the request: writes the SSE head and initial data and adds the client, or — for a
   * preflight, HEAD, a refused origin or method — writes the head and ends the response. A response
   * that is already a client, or whose head was written elsewhere, is refused: the callback gets the
   * error, and the response is left as it is.
   */
  addClient(req: Req, res: Res, callback?: AddClientCallback): void {
    const refuse = (error: Error): void => {
      if (callback) process.nextTick(callback, error);
    };
    if (this.getClient(res)) return refuse(new Error('The response is already a client of the channel: add it once'));
    // A head someone else wrote cannot be written again.
    if (res.headersSent) return refuse(new Error('The response head was already written'));
    const answer = this.accept(connectRequest(req), req, res);
    res.writeHead(answer.status, answer.headers);
    if (!answer.stream) {
      res.end();
      if (answer.status >= 400) refuse(new Error(`Request refused with status ${answer.status}`));
      else if (callback) process.nextTick(callback);
      return;
    }
    // Over HTTP/2 this reaches the session and its socket, shared by the session's other streams:
    // still right, since a session carrying a stream must not time out either.
    const socket = req.socket;
    socket.setTimeout(0);
    socket.setNoDelay(true);
    socket.setKeepAlive(true);
    const client = answer.open(nodeSink(res));
    res.on('drain', this.responseDrained);
    res.on('close', this.responseClosed);
    // A response that closed before it was added (the client left during async middleware) never closes again.
    if (res.destroyed) client.onSinkClose();
    if (callback) process.nextTick(callback);
  }

  /** A listener error nobody listens for becomes a process warning: seen, and never a crash. */
  protected override reportListenerError(error: unknown): void {
    process.emitWarning(error instanceof Error ? error : new Error(String(error)), 'SseChannelListenerError');
  }
}
