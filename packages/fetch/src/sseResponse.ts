import type { AnyEvents, ClientMetadata, EventMap, SseChannel, SseClient, SseSink } from '@sse-channel/core';
import { connectRequest } from './connectRequest.js';

/** Bytes a response body buffers before the channel treats the client as congested. */
const HIGH_WATER_MARK = 64 * 1024;

/**
 * Answers a Fetch `Request` from a channel: a `Response` whose body is the client's event stream,
 * or, for a preflight, `HEAD`, a refused origin or method, the bare head. Backpressure follows the
 * stream's reader: when it stops pulling, the channel queues for the client (within `maxQueuedBytes`);
 * cancelling the body, or aborting the request, removes the client.
 *
 * @example
 * app.get('/events', (c) => sseResponse(channel, c.req.raw)); // Hono
 */
export function sseResponse<E extends EventMap = AnyEvents, M extends object = ClientMetadata>(
  channel: SseChannel<Request, Request, E, M>,
  request: Request,
): Response {
  const decision = channel.decide(connectRequest(request));
  if (!decision.stream) return new Response(null, { status: decision.status, headers: decision.headers });
  let client: SseClient<Request, M, E> | undefined;
  let controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  let open = true;
  const body = new ReadableStream<Uint8Array>(
    {
      start: (streamController) => {
        controller = streamController;
      },
      pull: () => client?.onSinkDrain(),
      cancel: () => {
        open = false;
        client?.onSinkClose();
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: HIGH_WATER_MARK }),
  );
  const sink: SseSink = {
    write: (chunk) => {
      if (!open || !controller) return true;
      controller.enqueue(chunk);
      return (controller.desiredSize ?? 0) > 0;
    },
    end: () => {
      if (!open) return;
      open = false;
      controller?.close();
    },
  };
  const attached = channel.attach(sink, decision, request, request);
  client = attached;
  request.signal.addEventListener('abort', () => attached.onSinkClose(), { once: true });
  return new Response(body, { status: decision.status, headers: decision.headers });
}
