import { createServer } from 'node:http';
import express from 'express';
import { afterEach, expect, it, vi } from 'vitest';
import { listen, stop } from '@sse-channel/testkit';
import { sse } from '../src/index.js';

const server = createServer();
afterEach(async () => {
  vi.restoreAllMocks();
  await stop(server);
});

it('reports what the resolver threw to console.error by default, and answers a bare 500', async () => {
  const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
  const failure = new Error('no such room');
  const app = express();
  app.get('/events', sse(() => Promise.reject(failure)));
  server.on('request', app);
  const response = await fetch(`${await listen(server)}/events`);
  expect(response.status).toBe(500);
  expect(await response.text()).toBe('Internal Server Error');
  expect(logged).toHaveBeenCalledWith(failure);
});
