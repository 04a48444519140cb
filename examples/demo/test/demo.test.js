import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { EventStream, listen, stop, waitFor } from '@sse-channel/testkit';
import { createDemo } from '../app.js';

let stateDir;
let stateFile;
let demo;
let stream;
beforeEach(() => {
  stateDir = mkdtempSync(join(tmpdir(), 'sse-demo-'));
  stateFile = join(stateDir, 'events.json');
});
afterEach(async () => {
  stream?.close();
  if (demo) await stop(demo.server);
  demo = undefined;
  rmSync(stateDir, { recursive: true, force: true });
});

it('serves the page and streams numbered tick events', async () => {
  demo = createDemo({ tickMs: 20, stateFile });
  const url = await listen(demo.server);
  const page = await fetch(`${url}/`).then((r) => r.text());
  expect(page).toContain('<title>sse-channel demo</title>');
  stream = new EventStream(`${url}/events`, { types: ['tick'] });
  const [first, second] = await stream.received(2);
  expect(Number(second.lastEventId)).toBe(Number(first.lastEventId) + 1);
  expect(JSON.parse(first.data)).toHaveProperty('at');
});

it('serves the built @sse-channel/client module that the page imports', async () => {
  demo = createDemo({ stateFile });
  const response = await fetch(`${await listen(demo.server)}/client.js`);
  expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  expect(await response.text()).toMatch(/export\s*\{[^}]*\bcreateClient\b/);
});

it('pushes the connection count as a connections event', async () => {
  demo = createDemo({ stateFile });
  stream = new EventStream(`${await listen(demo.server)}/events`, { types: ['connections'] });
  const [count] = await stream.received(1);
  expect(count).toMatchObject({ type: 'connections', data: '1' });
});

it('sends a posted message to every client as the next tick', async () => {
  demo = createDemo({ stateFile });
  const url = await listen(demo.server);
  stream = new EventStream(`${url}/events`, { types: ['tick'] });
  await stream.opened();
  const sent = await fetch(`${url}/publish`, { method: 'POST', body: 'hello' }).then((r) => r.json());
  const [received] = await stream.received(1);
  expect(received.lastEventId).toBe(String(sent.id));
  expect(JSON.parse(received.data).text).toBe('hello');
});

it('saves every event to its state file before sending it', async () => {
  demo = createDemo({ tickMs: 20, stateFile });
  stream = new EventStream(`${await listen(demo.server)}/events`, { types: ['tick'] });
  const [first] = await stream.received(1);
  const saved = JSON.parse(readFileSync(stateFile, 'utf8'));
  expect(saved.map((event) => String(event.id))).toContain(first.lastEventId);
});

it('after a restart, replays the ticks that fell due while it was down after the Last-Event-ID', async () => {
  const tickMs = 50;
  demo = createDemo({ tickMs, stateFile });
  stream = new EventStream(`${await listen(demo.server)}/events`, { types: ['tick'] });
  const [seen] = await stream.received(1);
  stream.close();
  const savedIds = () => JSON.parse(readFileSync(stateFile, 'utf8')).map((event) => event.id);
  // Ticks the client missed before the stop can only come from the saved history.
  await waitFor(() => savedIds().includes(Number(seen.lastEventId) + 3), 5000, 'ticks after the client left');
  await stop(demo.server);
  const stoppedAt = Date.now();
  // The scenario needs the server to stay down for several ticks; nothing can be awaited instead.
  await new Promise((resolve) => setTimeout(resolve, 5 * tickMs));

  demo = createDemo({ tickMs, stateFile });
  const url = await listen(demo.server);
  stream = new EventStream(`${url}/events`, { headers: { 'Last-Event-ID': seen.lastEventId }, types: ['tick'] });
  await waitFor(() => stream.events.some((event) => !JSON.parse(event.data).late), 5000, 'a live tick');
  const ids = stream.events.map((event) => Number(event.lastEventId));
  const first = Number(seen.lastEventId) + 1;
  expect(ids).toEqual(ids.map((_, index) => first + index));
  const late = stream.events.map((event) => JSON.parse(event.data)).filter((data) => data.late);
  expect(late.length).toBeGreaterThanOrEqual(4);
  expect(late.every((data) => Date.parse(data.at) >= stoppedAt - tickMs)).toBe(true);
});

it('refuses a tick interval that is not a positive integer', () => {
  expect(() => createDemo({ tickMs: Number('soon'), stateFile })).toThrow('tickMs must be an integer > 0 (got NaN)');
});
