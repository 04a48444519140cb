import { createAdaptorServer } from '@hono/node-server';
import { churn, LeakWatch, listen, stop } from '@sse-channel/testkit';
import { Hono } from 'hono';
import type { Server } from 'node:http';
import { describe, expect, it } from 'vitest';
import { SseChannel } from '../src/index.js';
import { fetchServer } from './fetchServer.js';

const servers: Array<[string, (handler: (request: Request) => Response) => Server]> = [
  ["Hono's node server", (handler) => createAdaptorServer({ fetch: new Hono().get('/events', (c) => handler(c.req.raw)).fetch }) as Server],
  ['a bare node:http bridge', (handler) => fetchServer(async (request) => handler(request))],
];

// The shared churn scenario watches what the channel attaches; this watches what only a Fetch
// adapter makes: every Response and its body stream, which a server could keep after the client left.
describe.each(servers)('churn on %s', (_name, serve) => {
  it('leaves no Response or body stream behind after 2,000 connects and disconnects', async () => {
    const channel = new SseChannel({ pingInterval: 20 });
    const responses = new LeakWatch();
    const server = serve((request) => {
      const response = channel.response(request);
      responses.watch(response);
      responses.watch(response.body);
      return response;
    });
    const url = `${await listen(server)}/events`;
    const watch = await churn(url, channel, { cycles: { clean: 800, abrupt: 800, 'mid-replay': 300, congested: 100 } });
    await stop(server);
    expect(responses.watched).toBe(2000 * 2);
    expect(await responses.alive()).toBe(0);
    expect(await watch.alive()).toBe(0);
  }, 60_000);
});
