import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import SseChannel from '@sse-channel/node';

const page = new URL('./public/index.html', import.meta.url);

/**
 * The demo server: a page at `/`, the event stream at `/events`, and `POST /publish` to send an event.
 * A ticker sends a numbered event every `tickMs` so the page always has something to show.
 */
export function createDemo({ tickMs = 1000 } = {}) {
  const channel = new SseChannel({ historySize: 100, retryTimeout: 1000, jsonEncode: true });
  let lastId = 0;
  const publish = (data) => channel.send({ id: ++lastId, event: 'tick', data });
  const ticker = setInterval(() => publish({ at: new Date().toISOString() }), tickMs);
  ticker.unref();

  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/events') return channel.addClient(req, res);
    if (path === '/stats') return json(res, { connections: channel.getConnectionCount(), lastId });
    if (path === '/publish' && req.method === 'POST') {
      publish({ at: new Date().toISOString(), text: await body(req) });
      return json(res, { id: lastId });
    }
    if (path === '/') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      return res.end(await readFile(page));
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
