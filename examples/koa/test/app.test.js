import { createServer } from 'node:http';
import { afterEach, expect, it } from 'vitest';
import { EventStream, listen, stop } from '@sse-channel/testkit';
import { createApp } from '../app.js';

const { app, channel } = createApp();
const server = createServer(app.callback());
afterEach(async () => {
  channel.close();
  await stop(server);
});

it('serves the page and streams what is published', async () => {
  const url = await listen(server);
  expect(await fetch(url).then((response) => response.text())).toContain("new EventSource('/events')");
  const stream = new EventStream(`${url}/events`);
  await stream.opened();
  await fetch(`${url}/publish`, { method: 'POST', body: 'hello from koa' });
  const [event] = await stream.received(1);
  expect(event.lastEventId).toBe('1');
  expect(JSON.parse(event.data).text).toBe('hello from koa');
  stream.close();
});
