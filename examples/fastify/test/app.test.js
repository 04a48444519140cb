import { afterEach, expect, it } from 'vitest';
import { EventStream } from '@sse-channel/testkit';
import { createApp } from '../app.js';

const app = await createApp();
afterEach(() => app.close());

it('serves the page and streams what is published', async () => {
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  expect(await fetch(url).then((response) => response.text())).toContain("new EventSource('/events')");
  const stream = new EventStream(`${url}/events`);
  await stream.opened();
  await fetch(`${url}/publish`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'hello from fastify' });
  const [event] = await stream.received(1);
  expect(event.lastEventId).toBe('1');
  expect(JSON.parse(event.data).text).toBe('hello from fastify');
  stream.close();
});
