// N worker processes (node:cluster) share one port; each runs the same channel through a backplane
// (ENGINE: redis, the default, or postgres), so a page is served the same events, ids and history
// by whichever worker its connection lands on.
import cluster from 'node:cluster';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import SseChannel from '@sse-channel/node';
import { engines } from './engines.js';

const workers = Number(process.env.WORKERS ?? 3);
const port = Number(process.env.PORT ?? 3001);
const engineName = process.env.ENGINE ?? 'redis';
const engine = engines[engineName];
if (!engine) throw new Error(`ENGINE must be one of ${Object.keys(engines).join(', ')} (got ${engineName})`);
// Where the engine keeps the example's data: a key prefix in Redis, a schema in PostgreSQL.
const namespace = process.env.NAMESPACE ?? 'sse-channel-example';

if (cluster.isPrimary) {
  let listening = 0;
  let stopping = false;
  const start = () =>
    cluster.fork().on('message', (message) => {
      if (message.port && ++listening === workers) {
        console.log(`sse-channel cluster: ${workers} workers through ${engineName} on http://127.0.0.1:${message.port}/ (Ctrl+C to stop)`);
      }
    });
  for (let i = 0; i < workers; i++) start();
  // A worker that dies is replaced; its clients reconnect to the others and catch up meanwhile.
  cluster.on('exit', () => stopping || start());
  const stop = () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill();
  };
  process.on('SIGINT', stop).on('SIGTERM', stop);
} else {
  const backplane = await engine.backplane(namespace, 'cluster');
  backplane.on('outage', (error) => console.error(`worker ${process.pid}: ${engineName} is away (${error.message})`));
  backplane.on('recovery', () => console.error(`worker ${process.pid}: ${engineName} is back`));
  // autoId: every note gets the next integer id (1, 2, 3…), the same on every worker.
  const channel = new SseChannel({ backplane, historySize: 100, retryTimeout: 1000, jsonEncode: true, autoId: true });
  // Each client learns which worker serves it (a private event, never kept).
  channel.on('connect', (_channel, _req, res) => channel.send({ event: 'worker', data: process.pid }, [res]));
  const page = await readFile(new URL('./public/index.html', import.meta.url));

  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/events') return channel.addClient(req, res);
    if (path === '/send' && req.method === 'POST') {
      try {
        const id = await channel.send({ event: 'note', data: { text: await body(req), from: process.pid } });
        return json(res, 200, { id, worker: process.pid });
      } catch (error) {
        return json(res, 503, { error: error.message });
      }
    }
    if (path === '/') {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      return res.end(page);
    }
    res.writeHead(404).end();
  });
  await backplane.ready();
  server.listen(port, '127.0.0.1', () => process.send({ port: server.address().port }));
  process.on('SIGTERM', async () => {
    channel.close();
    server.close();
    await backplane.close();
    process.exit(0);
  });
}

function json(res, status, value) {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(value));
}

async function body(req) {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text;
}
