import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import type { Variant } from './Variant.js';

/** Hono's `streamSSE` (`hono/streaming`) on `@hono/node-server`, with their defaults. */
export function hono(): Variant {
  const clients = new Set<SSEStreamingApi>();
  const app = new Hono();
  app.get('/events', (c) =>
    streamSSE(c, async (stream) => {
      clients.add(stream);
      const closed = new Promise<void>((resolve) => stream.onAbort(resolve));
      // Hono sends the head with the first bytes; the others start with a comment too.
      await stream.write(':ok\n\n');
      await closed;
      clients.delete(stream);
    }),
  );
  const listener = getRequestListener(app.fetch);
  return {
    connect: (req, res) => void listener(req, res),
    send(events) {
      for (const event of events) for (const stream of clients) void stream.writeSSE({ id: event.id, data: event.data });
    },
    count: () => clients.size,
  };
}
