import Hapi from '@hapi/hapi';
import { runScenarios } from '@sse-channel/testkit/scenarios';
import { SseChannel, sse } from '../src/index.js';

runScenarios<SseChannel>({
  name: 'hapi 21',
  // hapi gzips every compressible response whose client accepts it; the adapter flushes each write batch.
  capabilities: { compression: 'gzip' },
  createChannel: (settings) => new SseChannel(settings),
  async serve({ channel, authorize, onError, compression }) {
    // hapi's default compression gzips an event stream: it has no length, so the 1 KiB minimum never applies.
    const server = Hapi.server({ host: '127.0.0.1', port: 0, ...(compression ? {} : { compression: false }) });
    const source = typeof channel === 'function' ? (request: Hapi.Request) => channel(String(request.params['name'])) : channel;
    const handler = sse(source, { authorize: authorize && ((request) => authorize(request.raw.req.headers)), onError });
    server.route({ method: '*', path: '/events/{name}', handler });
    // hapi's error reports: request errors (500s), and the application's request and server logs
    // tagged error. Its 'internal' channels are left out: there hapi tags every aborted request and
    // every reset connection 'error', on any route (plugin.test.ts shows it), and prints none of it by default.
    const errors: unknown[] = [];
    server.events.on({ name: 'request', channels: 'error' }, (_request, event) => errors.push(event.error));
    server.events.on({ name: 'request', channels: 'app' }, (_request, event, tags) => tags['error'] && errors.push(event));
    server.events.on({ name: 'log', channels: 'app' }, (event, tags) => tags['error'] && errors.push(event));
    await server.start();
    // Streams never end on their own: stopping closes them after this grace period.
    return { url: server.info.uri, server: server.listener, stop: () => server.stop({ timeout: 50 }), errors };
  },
});
