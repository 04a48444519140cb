import Hapi from '@hapi/hapi';
import { runScenarios } from '@sse-channel/testkit/scenarios';
import { SseChannel, sse } from '../src/index.js';

runScenarios<SseChannel>({
  name: 'hapi 21',
  createChannel: (settings) => new SseChannel(settings),
  async serve({ channel, authorize, onError, compression }) {
    // hapi compresses by default (gzip, from 1 KiB): the threshold 0 makes it compress every response.
    const server = Hapi.server({ host: '127.0.0.1', port: 0, compression: compression ? { minBytes: 1 } : false });
    const source = typeof channel === 'function' ? (request: Hapi.Request) => channel(String(request.params['name'])) : channel;
    const handler = sse(source, { authorize: authorize && ((request) => authorize(request.raw.req.headers)), onError });
    server.route({ method: '*', path: '/events/{name}', handler });
    await server.start();
    // Streams never end on their own: stopping closes them after this grace period.
    return { url: server.info.uri, server: server.listener, stop: () => server.stop({ timeout: 50 }) };
  },
});
