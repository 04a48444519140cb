import { createAdaptorServer } from '@hono/node-server';
import { listen, stop } from '@sse-channel/testkit';
import { Hono } from 'hono';
import type { Server } from 'node:http';
import { featureScenarios } from '../../node/test/features/scenarios.js';
import { SseChannel } from '../src/index.js';

featureScenarios<Request, Request>('the Fetch adapter (Hono on its node server)', {
  async serve(options) {
    const channel = new SseChannel(options);
    const app = new Hono().get('/events', (c) => channel.response(c.req.raw));
    const server = createAdaptorServer({ fetch: app.fetch }) as Server;
    const url = `${await listen(server)}/events`;
    return {
      url,
      channel,
      close: async () => {
        channel.close();
        await stop(server);
      },
    };
  },
  header: (request, name) => request.headers.get(name) ?? undefined,
});
