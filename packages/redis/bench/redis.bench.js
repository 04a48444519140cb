// Benchmark: events/s, latency and per-process delivery cost through Redis (PROCESSES processes, default 3,
// × CLIENTS clients) beside one in-memory process with CLIENTS clients. Run with `pnpm bench` (needs a Redis at REDIS_URL).
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { loadavg } from 'node:os';
import { Redis } from 'ioredis';

const CLIENTS = Number(process.env.CLIENTS ?? 1000);
const BURST = Number(process.env.BURST ?? 2000);
const RATE = Number(process.env.RATE ?? 50);
const SECONDS = Number(process.env.SECONDS ?? 5);
const PROCESSES = Number(process.env.PROCESSES ?? 3);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SAMPLED = 20; // clients per process whose latency is recorded
const now = () => performance.timeOrigin + performance.now();

function startServer(env) {
  const child = fork(new URL('./server.js', import.meta.url), { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve) => child.once('message', ({ port }) => resolve({ child, port })));
}

function ask(child, command) {
  return new Promise((resolve) => {
    child.once('message', resolve);
    child.send(command);
  });
}

/** A raw SSE client that counts events and, when sampled, records each event's latency. */
function client(port, latencies) {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.write('GET /events HTTP/1.1\r\nHost: bench\r\n\r\n'));
    const state = { events: 0, socket };
    let tail = '';
    socket.on('data', (chunk) => {
      const text = tail + chunk.toString('latin1');
      let at = text.indexOf('data: ');
      let end = 0;
      while (at !== -1) {
        const lineEnd = text.indexOf('\n', at);
        if (lineEnd === -1) break;
        state.events++;
        if (latencies) latencies.push(now() - Number(text.slice(at + 6, lineEnd)));
        end = lineEnd;
        at = text.indexOf('data: ', lineEnd);
      }
      tail = text.slice(Math.max(end, text.length - 64));
      if (text.includes(':ok')) resolve(state);
    });
  });
}

async function waitForEvents(clients, expected) {
  while (clients.some((c) => c.events < expected)) await new Promise((resolve) => setTimeout(resolve, 5));
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;
}

async function scenario(name, processes, env) {
  const servers = await Promise.all(Array.from({ length: processes }, () => startServer(env)));
  const latencies = [];
  const clients = [];
  for (const { port } of servers) {
    for (let i = 0; i < CLIENTS; i++) clients.push(await client(port, i < SAMPLED ? latencies : undefined));
  }
  const [sender, ...others] = servers;
  // Throughput and delivery cost: a burst from one process, until every client has every event.
  const before = await Promise.all(servers.map(({ child }) => ask(child, {})));
  const start = now();
  await ask(sender.child, { burst: BURST });
  await waitForEvents(clients, BURST);
  const seconds = (now() - start) / 1000;
  const after = await Promise.all(servers.map(({ child }) => ask(child, {})));
  const cost = after.map((a, i) => (a.cpu - before[i].cpu) / BURST);
  const writes = after.map((a, i) => (a.writes - before[i].writes) / BURST / CLIENTS);
  // Latency: a steady rate well under capacity (3,000 clients × 50/s = 150,000 deliveries/s).
  latencies.length = 0;
  const expected = BURST + RATE * SECONDS;
  await ask(sender.child, { rate: RATE, seconds: SECONDS });
  await waitForEvents(clients, expected);
  for (const c of clients) c.socket.destroy();
  for (const { child } of servers) child.kill();
  return {
    scenario: name,
    clients: clients.length,
    'events/s (burst)': Math.round(BURST / seconds),
    'deliveries/s': Math.round((BURST * clients.length) / seconds),
    'p50 ms': +percentile(latencies, 50).toFixed(2),
    'p99 ms': +percentile(latencies, 99).toFixed(2),
    'CPU µs/event, sender': Math.round(cost[0]),
    'CPU µs/event, others': others.length ? Math.round((cost.slice(1).reduce((a, b) => a + b, 0)) / others.length) : '-',
    'writes/client/event': others.length ? +(writes.slice(1).reduce((a, b) => a + b, 0) / others.length).toFixed(3) : +writes[0].toFixed(3),
  };
}

const prefix = `sse-bench:${randomUUID()}:`;
console.log(`${new Date().toISOString()} load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}; ${CLIENTS} clients per process, burst ${BURST}, ${RATE}/s for ${SECONDS} s`);
const results = [await scenario('in memory, 1 process', 1, { MODE: 'memory' })];
results.push(await scenario(`Redis, ${PROCESSES} processes`, PROCESSES, { MODE: 'redis', REDIS_URL, PREFIX: prefix }));
console.table(results);
const memory = results[0]['CPU µs/event, sender'];
const redis = results[1][PROCESSES > 1 ? 'CPU µs/event, others' : 'CPU µs/event, sender'];
console.log(`per-process delivery cost through Redis / in memory: ${(redis / memory).toFixed(2)}× (target <= 1.2×)`);
console.log(`${new Date().toISOString()} load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
const admin = new Redis(REDIS_URL);
const keys = await admin.keys(`${prefix}*`);
if (keys.length) await admin.del(...keys);
admin.disconnect();
