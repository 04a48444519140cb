import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { EventStream, listen, stop, waitFor } from '@sse-channel/testkit';
import { createDemo, ROOMS, SYMBOLS } from '../app.js';

const PRICES = SYMBOLS.map((symbol) => `ticker/${symbol}#price`);
const ALL_TOPICS = '?topic=ticker/*&topic=rooms/*&topic=stats';

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

it('serves the page and streams numbered prices, one ticker topic per symbol in turn', async () => {
  demo = createDemo({ tickMs: 20, stateFile });
  const url = await listen(demo.server);
  const page = await fetch(`${url}/`).then((r) => r.text());
  expect(page).toContain('<title>sse-channel demo</title>');
  stream = new EventStream(`${url}/events?topic=ticker/*`, { types: PRICES });
  const received = await stream.received(SYMBOLS.length + 1);
  const ids = received.map((event) => Number(event.lastEventId));
  expect(ids).toEqual(ids.map((_, index) => (ids[0] ?? 0) + index));
  expect(new Set(received.map((event) => event.type)).size).toBe(SYMBOLS.length);
  expect(JSON.parse(received[0]?.data ?? '')).toMatchObject({ at: expect.any(String), price: expect.any(Number) });
});

it('sends only the topics asked for: a client of one symbol gets that symbol', async () => {
  demo = createDemo({ tickMs: 10, stateFile });
  stream = new EventStream(`${await listen(demo.server)}/events?topic=ticker/ACME`, { types: PRICES });
  await stream.received(3);
  expect(new Set(stream.events.map((event) => event.type))).toEqual(new Set(['ticker/ACME#price']));
});

it('serves the built @sse-channel/client module that the page imports', async () => {
  demo = createDemo({ stateFile });
  const response = await fetch(`${await listen(demo.server)}/client.js`);
  expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  expect(await response.text()).toMatch(/export\s*\{[^}]*\bcreateClient\b/);
});

it('pushes the connection count to every client as a channel-wide connections event', async () => {
  demo = createDemo({ stateFile });
  stream = new EventStream(`${await listen(demo.server)}/events?topic=stats`, { types: ['connections'] });
  const [count] = await stream.received(1);
  expect(count).toMatchObject({ type: 'connections', data: '1' });
});

it('publishes the channel stats on the stats topic, without an id', async () => {
  demo = createDemo({ tickMs: 10, statsMs: 50, stateFile });
  stream = new EventStream(`${await listen(demo.server)}/events${ALL_TOPICS}`, { types: ['stats'] });
  await waitFor(() => stream.events.some((event) => event.type === 'stats' && JSON.parse(event.data).eventsPerSecond > 0), 5000, 'stats');
  const stats = JSON.parse(stream.events.find((event) => event.type === 'stats').data);
  expect(stats).toEqual({ clients: 1, eventsPerSecond: expect.any(Number), bytesPerSecond: expect.any(Number), slowClients: 0 });
  expect(stats.bytesPerSecond).toBeGreaterThan(0);
});

it('posts a message to its room only', async () => {
  demo = createDemo({ stateFile });
  const url = await listen(demo.server);
  stream = new EventStream(`${url}/events?topic=rooms/lobby`, { types: ROOMS.map((room) => `rooms/${room}`) });
  await stream.opened();
  await fetch(`${url}/publish?room=random`, { method: 'POST', body: 'elsewhere' });
  const sent = await fetch(`${url}/publish?room=lobby`, { method: 'POST', body: 'hello' }).then((r) => r.json());
  const [received] = await stream.received(1);
  expect(received).toMatchObject({ type: 'rooms/lobby', lastEventId: String(sent.id) });
  expect(JSON.parse(received.data).text).toBe('hello');
  expect(stream.events).toHaveLength(1);
  expect((await fetch(`${url}/publish?room=nowhere`, { method: 'POST', body: 'x' })).status).toBe(404);
});

it('saves every event with its topic to its state file before sending it', async () => {
  demo = createDemo({ tickMs: 20, stateFile });
  stream = new EventStream(`${await listen(demo.server)}/events?topic=ticker/*`, { types: PRICES });
  const [first] = await stream.received(1);
  const saved = JSON.parse(readFileSync(stateFile, 'utf8')).find((event) => String(event.id) === first.lastEventId);
  expect(`${saved.topic}#${saved.event}`).toBe(first.type);
});

it('after a restart, replays the events of every topic asked for after the Last-Event-ID, late ticks included', async () => {
  const tickMs = 50;
  demo = createDemo({ tickMs, stateFile });
  let url = await listen(demo.server);
  stream = new EventStream(`${url}/events?topic=ticker/*`, { types: PRICES });
  const [seen] = await stream.received(1);
  stream.close();
  await fetch(`${url}/publish?room=lobby`, { method: 'POST', body: 'while you were away' });
  await fetch(`${url}/publish?room=random`, { method: 'POST', body: 'not for you' });
  const savedIds = () => JSON.parse(readFileSync(stateFile, 'utf8')).map((event) => event.id);
  // Ticks the client missed before the stop can only come from the saved history.
  await waitFor(() => savedIds().includes(Number(seen.lastEventId) + 5), 5000, 'ticks after the client left');
  await stop(demo.server);
  const stoppedAt = Date.now();
  // The scenario needs the server to stay down for several ticks; nothing can be awaited instead.
  await new Promise((resolve) => setTimeout(resolve, 5 * tickMs));

  demo = createDemo({ tickMs, stateFile });
  url = await listen(demo.server);
  const types = [...PRICES, 'rooms/lobby', 'rooms/random'];
  stream = new EventStream(`${url}/events?topic=ticker/*&topic=rooms/lobby`, { headers: { 'Last-Event-ID': seen.lastEventId }, types });
  const live = (event) => event.type.startsWith('ticker/') && !JSON.parse(event.data).late && Date.parse(JSON.parse(event.data).at) > stoppedAt;
  await waitFor(() => stream.events.some(live), 5000, 'a live tick');
  const missed = stream.events.slice(0, stream.events.findIndex(live));
  const ids = missed.map((event) => Number(event.lastEventId));
  expect(ids).toEqual([...new Set(ids)].sort((a, b) => a - b));
  expect(ids[0]).toBeGreaterThan(Number(seen.lastEventId));
  expect(missed.filter((event) => event.type === 'rooms/lobby').map((event) => JSON.parse(event.data).text)).toEqual(['while you were away']);
  expect(missed.some((event) => event.type === 'rooms/random')).toBe(false);
  const late = missed.filter((event) => JSON.parse(event.data).late);
  expect(late.length).toBeGreaterThanOrEqual(4);
  expect(new Set(late.map((event) => event.type)).size).toBe(SYMBOLS.length);
  const saved = JSON.parse(readFileSync(stateFile, 'utf8')).filter((event) => event.id > Number(seen.lastEventId) && event.topic !== 'rooms/random');
  expect(ids).toEqual(saved.map((event) => event.id).filter((id) => id <= Math.max(...ids)));
});

it('refuses a tick interval that is not a positive integer', () => {
  expect(() => createDemo({ tickMs: Number('soon'), stateFile })).toThrow('tickMs must be an integer > 0 (got NaN)');
});
