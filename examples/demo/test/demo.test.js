import { afterEach, expect, it } from 'vitest';
import { EventStream, listen, stop } from '@sse-channel/testkit';
import { createDemo } from '../app.js';

let demo;
afterEach(() => stop(demo.server));

it('serves the page and streams numbered tick events', async () => {
  demo = createDemo({ tickMs: 20 });
  const url = await listen(demo.server);
  const page = await fetch(`${url}/`).then((r) => r.text());
  expect(page).toContain('<title>sse-channel demo</title>');
  const stream = new EventStream(`${url}/events`, { types: ['tick'] });
  const [first, second] = await stream.received(2);
  expect(Number(second.lastEventId)).toBe(Number(first.lastEventId) + 1);
  expect(JSON.parse(first.data)).toHaveProperty('at');
  stream.close();
});
