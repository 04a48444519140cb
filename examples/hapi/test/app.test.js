import { afterEach, expect, it } from 'vitest';
import { EventStream } from '@sse-channel/testkit';
import { createServer } from '../app.js';

const server = await createServer({ host: '127.0.0.1', port: 0 });
afterEach(() => server.stop());

it('serves the page and streams what is published', async () => {
  await server.start();
  const url = server.info.uri;
  expect(await fetch(url).then((response) => response.text())).toContain("new EventSource('/events')");
  const stream = new EventStream(`${url}/events`);
  await stream.opened();
  await fetch(`${url}/publish`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'hello from hapi' });
  const [event] = await stream.received(1);
  expect(event.lastEventId).toBe('1');
  expect(JSON.parse(event.data).text).toBe('hello from hapi');
  stream.close();
});
