import {
  SseChannel as CoreChannel,
  type AnyEvents,
  type ClientMetadata,
  type EventMap,
  type SseChannelOptions as CoreOptions,
} from '@sse-channel/core';
import { sseResponse } from './sseResponse.js';

/** Options of a Fetch channel: the core options, whose per-connection functions receive the `Request`. */
export type SseChannelOptions<M extends object = ClientMetadata> = CoreOptions<Request, M>;

/**
 * An SSE channel for Fetch-based servers: clients are identified by their `Request`, and
 * `response(request)` returns the streaming `Response` to hand back to the framework.
 *
 * @example
 * import { SseChannel } from '@sse-channel/fetch';
 * const channel = new SseChannel({ historySize: 100 });
 * export const GET = (request: Request) => channel.response(request); // Next.js route handler
 */
export class SseChannel<E extends EventMap = AnyEvents, M extends object = ClientMetadata> extends CoreChannel<
  Request,
  Request,
  E,
  M,
  SseChannel<E, M>
> {
  /** Answers the request with the event stream (see `sseResponse`). */
  response(request: Request): Response {
    return sseResponse(this, request);
  }
}
