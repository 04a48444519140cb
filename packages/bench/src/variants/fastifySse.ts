import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import { fastifySSE, type SSEReplyInterface } from '@fastify/sse';
import Fastify from 'fastify';
import type { Variant } from './Variant.js';

/**
 * `@fastify/sse` on fastify with its defaults, except that data is written as given (the same bytes
 * as the others, as for better-sse). Requests reach fastify's handler from the bench's HTTP server.
 */
export async function fastifySseVariant(): Promise<Variant> {
  let handle: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const app = Fastify({
    serverFactory(handler) {
      handle = handler;
      return createServer();
    },
  });
  const clients = new Set<SSEReplyInterface>();
  await app.register(fastifySSE, { serializer: String });
  app.get('/events', { sse: 'only' }, (_request, reply) => {
    const sse = reply.sse;
    sse.keepAlive();
    // The head goes out now, as the other servers send theirs, not with the first event.
    sse.sendHeaders();
    reply.raw.flushHeaders();
    clients.add(sse);
    sse.onClose(() => clients.delete(sse));
    return Promise.resolve();
  });
  await app.ready();
  return {
    connect: (req, res) => handle?.(req, res),
    send(events) {
      for (const event of events) for (const sse of clients) void sse.send({ id: event.id, data: event.data });
    },
    count: () => clients.size,
  };
}
