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
    if (compression) app.use(compress({ threshold: 0 }));
    const router = new Router();
    const source = typeof channel === 'function' ? (ctx: RouterContext) => channel(ctx.params['name'] ?? '') : channel;
    router.all('/events/:name', sse(source, { authorize: authorize && ((ctx) => authorize(ctx.headers)), onError }));
    app.use(router.routes());
    // callback() installs koa's default error handler (it logs) when nothing listens: record beside it.
    const server = createServer(app.callback());
    const errors: unknown[] = [];
    app.on('error', (error: unknown) => errors.push(error));
    return { url: await listen(server), server, stop: () => stop(server), errors };
  },
});
