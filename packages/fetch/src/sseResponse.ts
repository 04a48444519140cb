import type { AnyEvents, ClientMetadata, EventMap, SseChannel } from '@sse-channel/core';
import { BodySink, HIGH_WATER_MARK } from './BodySink.js';
import { connectRequest } from './connectRequest.js';

/**
 * Answers a Fetch `Request` from a channel: a `Response` whose body is the client's event stream,
 * or, for a preflight, `HEAD`, a refused origin or method, the bare head. Backpressure follows the
 * stream's reader: when it stops pulling, the channel queues for the client (within `maxQueuedBytes`);
 * cancelling the body, or aborting the request, removes the client. `channel.close()` resolves once
 * the reader has read the body to its end (or cancelled it).
 *
 * @throws Error when the request is already a client of the channel (answered twice).
 * @example
 * app.get('/events', (c) => sseResponse(channel, c.req.raw)); // Hono
 */
export function sseResponse<E extends EventMap = AnyEvents, M extends object = ClientMetadata>(
  channel: SseChannel<Request, Request, E, M>,
  request: Request,
): Response {
  const answer = channel.accept(connectRequest(request), request, request);
  if (!answer.stream) return new Response(null, { status: answer.status, headers: answer.headers });
  const sink = new BodySink();
  const body = new ReadableStream(sink, new ByteLengthQueuingStrategy({ highWaterMark: HIGH_WATER_MARK }));
  sink.client = answer.open(sink);
  // An abort that came first (the client left while the app was deciding) never fires again.
  if (request.signal.aborted) sink.abort();
  else request.signal.addEventListener('abort', () => sink.abort(), { once: true });
  return new Response(body, { status: answer.status, headers: answer.headers });
}
