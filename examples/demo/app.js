import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SseChannel from '@sse-channel/node';
import { SavedHistory } from './SavedHistory.js';

const page = new URL('./public/index.html', import.meta.url);
// The page imports the client as it is published: the package's built ES module.
const client = new URL(import.meta.resolve('@sse-channel/client'));
const HISTORY_SIZE = 100;

/** Where the demo keeps its events between runs: `DEMO_STATE_FILE`, or a file in the OS temp dir. */
export const defaultStateFile = () => process.env.DEMO_STATE_FILE || join(tmpdir(), 'sse-channel-demo.json');

/**
 * The demo server: a page at `/`, the event stream at `/events`, `POST /publish` to send an event,
 * and `/client.js`, the `@sse-channel/client` module the page reads the stream with.
 *
 * A ticker sends a numbered `tick` every `tickMs`. Every event is saved in `stateFile` before it is
 * sent, and a new demo loads that file as the channel's history and first records the ticks that fell
 * due while no server ran (marked `late`), so a page that reconnects with its Last-Event-ID after a
 * restart receives every tick once. The connection count is pushed as a `connections` event.
 */
export function createDemo({ tickMs = 1000, stateFile = defaultStateFile() } = {}) {
  if (!Number.isInteger(tickMs) || tickMs <= 0) throw new RangeError(`tickMs must be an integer > 0 (got ${tickMs})`);
  const saved = new SavedHistory(stateFile, HISTORY_SIZE);
  const channel = new SseChannel({ historySize: HISTORY_SIZE, retryTimeout: 1000, jsonEncode: true, history: saved.events });
  let lastId = Number(saved.last?.id ?? 0);
  const publish = (data) => {
    const event = { id: ++lastId, event: 'tick', data };
    saved.add(event);
    channel.send(event);
    return event;
  };

  if (saved.last) {
    const lastAt = Date.parse(saved.last.data?.at);
    const due = Math.floor((Date.now() - lastAt) / tickMs);
    // After a long stop only the newest ticks matter: older ones would fall out of history at once.
    for (let tick = Math.max(1, due - HISTORY_SIZE + 1); tick <= due; tick++) {
      publish({ at: new Date(lastAt + tick * tickMs).toISOString(), late: true });
    }
  }
  const ticker = setInterval(() => publish({ at: new Date().toISOString() }), tickMs);
  ticker.unref();

  const sendCount = () => channel.send({ event: 'connections', data: channel.getConnectionCount() });
  channel.on('connect', sendCount);
  channel.on('disconnect', sendCount);

  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/events') return channel.addClient(req, res);
    if (path === '/publish' && req.method === 'POST') {
      return json(res, publish({ at: new Date().toISOString(), text: await body(req) }));
    }
    if (path === '/') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      return res.end(await readFile(page));
    }
    if (path === '/client.js') {
      res.writeHead(200, { 'Content-Type': 'text/javascript; charset=utf-8' });
      return res.end(await readFile(client));
    }
    res.writeHead(404).end();
  });
  server.on('close', () => {
    clearInterval(ticker);
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
