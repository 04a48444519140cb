import { listen, stop } from '@sse-channel/testkit';
import { runScenarios } from '@sse-channel/testkit/scenarios';
import { SseChannel, sse } from '../src/index.js';
import { fetchServer } from './fetchServer.js';

runScenarios<SseChannel>({
  name: 'the Fetch adapter (Request/Response over plain node:http)',
  // A bare bridge has no compression layer: that scenario is Hono's (whose compress leaves event streams alone).
  capabilities: { compression: false },
  createChannel: (settings) => new SseChannel(settings),
  async serve({ channel, authorize, onError }) {
    const source = typeof channel === 'function' ? (request: Request) => channel(new URL(request.url).pathname.split('/')[2] ?? '') : channel;
    const errors: unknown[] = [];
    const server = fetchServer(sse(source, { authorize: authorize && ((request) => authorize(Object.fromEntries(request.headers))), onError }), errors);
    return { url: await listen(server), server, stop: () => stop(server), errors };
  },
});
