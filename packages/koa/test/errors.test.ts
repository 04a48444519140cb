import { createServer } from 'node:http';
import Koa from 'koa';
import { afterEach, expect, it } from 'vitest';
import { listen, stop } from '@sse-channel/testkit';
import { sse } from '../src/index.js';

const server = createServer();
afterEach(() => stop(server));

it("reports what the resolver threw through the app's error event by default", async () => {
  const app = new Koa();
  const reported: unknown[] = [];
  app.on('error', (error) => reported.push(error));
  const failure = new Error('no such room');
  app.use(sse<Koa.Context>(() => Promise.reject(failure)));
  server.on('request', app.callback());
  const response = await fetch(await listen(server));
  expect(response.status).toBe(500);
  expect(await response.text()).toBe('Internal Server Error');
  expect(reported).toEqual([failure]);
});
