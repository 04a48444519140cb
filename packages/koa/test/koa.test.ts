import { createServer } from 'node:http';
import Koa from 'koa';
import { afterEach, expect, it } from 'vitest';
import { listen, RawStream, stop, waitFor } from '@sse-channel/testkit';
import { SseChannel, sse } from '../src/index.js';

let server = createServer();
afterEach(() => stop(server));

function serve(app: Koa): Promise<string> {
  server = createServer(app.callback());
  return listen(server);
}

it("reports what the resolver threw through the app's error event by default", async () => {
  const app = new Koa();
  const reported: unknown[] = [];
  app.on('error', (error) => reported.push(error));
  const failure = new Error('no such room');
  app.use(sse<Koa.Context>(() => Promise.reject(failure)));
  const response = await fetch(await serve(app));
  expect(response.status).toBe(500);
  expect(await response.text()).toBe('Internal Server Error');
  expect(reported).toEqual([failure]);
});

it('keeps koa from writing after the stream: no body, no headers-sent error from middleware upstream', async () => {
  const app = new Koa();
  const reported: unknown[] = [];
  app.on('error', (error) => reported.push(error));
  const channel = new SseChannel();
  app.use(async (ctx, next) => {
    await next();
    ctx.set('x-too-late', 'yes');
    ctx.body = 'too late';
  });
  app.use(sse(channel));
  const stream = new RawStream(await serve(app));
  await stream.waitFor(':ok\n\n');
  channel.send('still streaming');
  await stream.waitFor('data: still streaming\n\n');
  channel.close();
  await waitFor(() => stream.finished);
  expect(stream.body).toBe(':ok\n\ndata: still streaming\n\n');
  expect(stream.header('x-too-late')).toBeUndefined();
  expect(reported).toEqual([]);
  stream.close();
});

it('still reports what other middleware throws around a stream, but not the client leaving it', async () => {
  const app = new Koa();
  const reported: unknown[] = [];
  app.on('error', (error) => reported.push(error));
  const failure = new Error('audit log is down');
  const channel = new SseChannel({ pingInterval: 5 });
  app.use(async (_ctx, next) => {
    await next();
    throw failure;
  });
  app.use(sse(channel));
  const stream = new RawStream(await serve(app));
  await stream.waitFor(':ok\n\n');
  await waitFor(() => reported.length === 1);
  // The reset fails the server's socket (ECONNRESET): koa would hand that error to ctx.onerror.
  stream.reset();
  await waitFor(() => channel.getConnectionCount() === 0);
  expect(reported).toEqual([failure]);
});
