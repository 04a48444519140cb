import { createAdaptorServer } from '@hono/node-server';
import { listen, stop } from '@sse-channel/testkit';
import { runScenarios } from '@sse-channel/testkit/scenarios';
import { Hono } from 'hono';
import { compress } from 'hono/compress';
import type { Server } from 'node:http';
import { SseChannel, sse } from '../src/index.js';

runScenarios<SseChannel>({
  name: 'the Fetch adapter (Hono on its node server)',
  // Hono's compress leaves text/event-stream, and any Cache-Control: no-transform response, unencoded.
  capabilities: { compression: 'none' },
  createChannel: (settings) => new SseChannel(settings),
  async serve({ channel, authorize, onError, compression }) {
    const app = new Hono();
    // Hono's default onError (it logs) stays; what it handled is left on the context.
    const errors: unknown[] = [];
    app.use(async (c, next) => {
      await next();
      if (c.error) errors.push(c.error);
    });
    if (compression) app.use(compress());
    const source = typeof channel === 'function' ? (request: Request) => channel(routeName(request)) : channel;
    const handler = sse(source, { authorize: authorize && ((request) => authorize(Object.fromEntries(request.headers))), onError });
    app.all('/events/:name', (c) => handler(c.req.raw));
    const server = createAdaptorServer({ fetch: app.fetch }) as Server;
    return { url: await listen(server), server, stop: () => stop(server), errors };
  },
});

/** The `:name` of `/events/:name`: the resolver is given the `Request`, as a Next.js route handler's would be. */
function routeName(request: Request): string {
  return new URL(request.url).pathname.split('/')[2] ?? '';
}
