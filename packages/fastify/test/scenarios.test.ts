import compress from '@fastify/compress';
import Fastify from 'fastify';
import { runScenarios } from '@sse-channel/testkit/scenarios';
import { SseChannel, sse } from '../src/index.js';

type Route = { Params: { name: string } };

/** pino's level number for `warn`. */
const WARN = 40;

runScenarios<SseChannel>({
  name: 'fastify 5',
  // @fastify/compress encodes in onSend, which a hijacked reply never reaches (and its types leave out text/event-stream).
  capabilities: { compression: 'none' },
  createChannel: (settings) => new SseChannel(settings),
  async serve({ channel, authorize, onError, compression }) {
    // fastify logs nothing by default: its logger on at the usual level, recording warnings and errors.
    const errors: unknown[] = [];
    const log = (line: string) => {
      const entry = JSON.parse(line) as { level: number };
      if (entry.level >= WARN) errors.push(entry);
    };
    // Streams never end on their own: shutting down must close them rather than wait.
    const app = Fastify({ forceCloseConnections: true, logger: { level: 'info', stream: { write: log } } });
    if (compression) await app.register(compress, { global: true, threshold: 0 });
    const source = typeof channel === 'function' ? (request: { params: Route['Params'] }) => channel(request.params.name) : channel;
    const handler = sse<Route>(source, { authorize: authorize && ((request) => authorize(request.headers)), onError });
    app.all<Route>('/events/:name', handler);
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    return { url, server: app.server, stop: () => app.close(), errors };
  },
});
