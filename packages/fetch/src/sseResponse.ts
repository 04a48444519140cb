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
  // A second body for the same request would be wired to the first client: cancelling it would end that client.
  if (channel.getClient(request)) throw new Error('The request is already a client of the channel: answer it once');
  const decision = channel.decide(connectRequest(request));
  if (!decision.stream) return new Response(null, { status: decision.status, headers: decision.headers });
  const sink = new BodySink();
  const body = new ReadableStream(sink, new ByteLengthQueuingStrategy({ highWaterMark: HIGH_WATER_MARK }));
  sink.client = channel.attach(sink, decision, request, request);
  // An abort that came first (the client left while the app was deciding) never fires again.
  if (request.signal.aborted) sink.abort();
  else request.signal.addEventListener('abort', () => sink.abort(), { once: true });
  return new Response(body, { status: decision.status, headers: decision.headers });
}
