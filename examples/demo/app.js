import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SseChannel from '@sse-channel/node';
import { SavedHistory } from './SavedHistory.js';

const page = new URL('./public/index.html', import.meta.url);
// The page imports the client as it is published: the package's built ES module.
const client = new URL(import.meta.resolve('@sse-channel/client'));
const HISTORY_SIZE = 200;

/** The symbols of the ticker, one topic each (`ticker/ACME`), priced in turn, one per tick. */
export const SYMBOLS = ['ACME', 'GLOBEX', 'INITECH', 'UMBRELLA'];
/** The chat rooms, one topic each (`rooms/lobby`). */
export const ROOMS = ['lobby', 'random'];

/** Where the demo keeps its events between runs: `DEMO_STATE_FILE`, or a file in the OS temp dir. */
export const defaultStateFile = () => process.env.DEMO_STATE_FILE || join(tmpdir(), 'sse-channel-demo.json');

/** A price that wanders with the tick number, the same after a restart. */
const priceAt = (tick, symbol) => Math.round((100 + 20 * Math.sin(tick / 7 + symbol.length)) * 100) / 100;

/**
 * The demo server: a page at `/`, the event stream at `/events` (a topics channel: the page reads
 * `ticker/*`, `rooms/*` and `stats` over one connection), `POST /publish?room=<room>` to say something
 * in a room, and `/client.js`, the `@sse-channel/client` module the page reads the stream with.
 *
 * Every `tickMs` the ticker prices the next symbol on its topic (`ticker/ACME`...). Every event with
 * an id is saved in `stateFile` with its topic before it is sent, and a new demo loads that file as
 * the channel's history (topics included), then records the
 * ticks that fell due while no server ran (marked `late`): a page that reconnects with its
 * Last-Event-ID after a restart receives every missed event of every topic once. Each second the
 * `stats` topic gets the channel's figures (no id: they are not replayed); the connection count is
 * a channel-wide `connections` event.
 */
export function createDemo({ tickMs = 1000, stateFile = defaultStateFile(), statsMs = 1000 } = {}) {
  if (!Number.isInteger(tickMs) || tickMs <= 0) throw new RangeError(`tickMs must be an integer > 0 (got ${tickMs})`);
  const saved = new SavedHistory(stateFile, HISTORY_SIZE);
  const channel = new SseChannel({ topics: true, historySize: HISTORY_SIZE, retryTimeout: 1000, jsonEncode: true, history: saved.events });
  let lastId = Number(saved.last?.id ?? 0);
  let ticks = saved.events.filter((event) => event.event === 'price').length;
  const publish = (topic, event, data) => {
    const sent = { id: ++lastId, topic, ...(event && { event }), data };
    saved.add(sent);
    channel.topic(topic).send({ id: sent.id, event, data });
    return sent;
  };
  const tick = (at, late) => {
    const symbol = SYMBOLS[ticks % SYMBOLS.length];
    publish(`ticker/${symbol}`, 'price', { at, price: priceAt(ticks++, symbol), ...(late && { late }) });
  };

  const lastTick = saved.events.findLast((event) => event.event === 'price');
  if (lastTick) {
    const lastAt = Date.parse(lastTick.data?.at);
    const due = Math.floor((Date.now() - lastAt) / tickMs);
    // After a long stop only the newest ticks matter: older ones would fall out of history at once.
    for (let n = Math.max(1, due - HISTORY_SIZE / 2 + 1); n <= due; n++) tick(new Date(lastAt + n * tickMs).toISOString(), true);
  }
  const ticker = setInterval(() => tick(new Date().toISOString()), tickMs);
  ticker.unref();

  let before = channel.stats();
  const stats = setInterval(() => {
    const now = channel.stats();
    const perSecond = (field) => Math.round(((now[field] - before[field]) * 1000) / statsMs);
    channel.topic('stats').send({
      data: { clients: now.clients, eventsPerSecond: perSecond('eventsSent'), bytesPerSecond: perSecond('bytesSent'), slowClients: now.slowClientDrops },
    });
    before = now;
  }, statsMs);
  stats.unref();

  const sendCount = () => channel.send({ event: 'connections', data: channel.getConnectionCount() });
  channel.on('connect', sendCount);
  channel.on('disconnect', sendCount);

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/events') return channel.addClient(req, res);
    if (url.pathname === '/publish' && req.method === 'POST') {
      const room = url.searchParams.get('room') ?? ROOMS[0];
      if (!ROOMS.includes(room)) return res.writeHead(404).end();
      return json(res, publish(`rooms/${room}`, undefined, { at: new Date().toISOString(), text: await body(req) }));
    }
    if (url.pathname === '/') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      return res.end(await readFile(page));
    }
    if (url.pathname === '/client.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8' });
      return res.end(await readFile(client));
    }
    res.writeHead(404).end();
  });
  server.on('close', () => {
    clearInterval(ticker);
    clearInterval(stats);
    channel.close();
  });
  return { server, channel, publish };
}

function json(res, value) {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(value));
}

async function body(req) {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text;
}
