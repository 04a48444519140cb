import { createServer } from 'node:http';
import Router, { type RouterContext } from '@koa/router';
import Koa from 'koa';
import compress from 'koa-compress';
import { listen, stop } from '@sse-channel/testkit';
import { runScenarios } from '@sse-channel/testkit/scenarios';
import { SseChannel, sse } from '../src/index.js';

runScenarios<SseChannel>({
  name: 'koa 3',
  // koa-compress leaves a response koa does not write (ctx.respond = false, head sent, no body) unencoded.
  capabilities: { compression: 'none' },
  createChannel: (settings) => new SseChannel(settings),
  async serve({ channel, authorize, onError, compression }) {
    const app = new Koa();
    // Koa logs the ECONNRESET of a client that aborts mid-stream (any stream, not only SSE); not this test's subject.
    app.silent = true;
    if (compression) app.use(compress({ threshold: 0 }));
    const router = new Router();
    const source = typeof channel === 'function' ? (ctx: RouterContext) => channel(ctx.params['name'] ?? '') : channel;
    router.all('/events/:name', sse(source, { authorize: authorize && ((ctx) => authorize(ctx.headers)), onError }));
    app.use(router.routes());
    const server = createServer(app.callback());
    return { url: await listen(server), server, stop: () => stop(server) };
  },
});
