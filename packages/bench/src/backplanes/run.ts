// Benchmark: events/s, latency and per-process delivery cost through each backplane engine (PROCESSES
// server processes, default 3, × CLIENTS clients each) beside one in-memory process with CLIENTS
// clients. CPU time is read from /proc for every server process and for the engine's own processes.
// Run with `pnpm --filter @sse-channel/bench bench backplanes [--engines=redis,postgres] [--repeat=3]`.
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { engines } from './engines.js';
import { cpuMicros, cpuMicrosNamed, cpuMicrosSince } from '../procStat.js';

const { values: flags } = parseArgs({
  options: {
    engines: { type: 'string', default: Object.keys(engines).join(',') },
    clients: { type: 'string', default: '1000' },
    burst: { type: 'string', default: '2000' },
    rate: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '5' },
    processes: { type: 'string', default: '3' },
    repeat: { type: 'string', default: '1' },
  },
});
const CLIENTS = Number(flags.clients);
const BURST = Number(flags.burst);
const RATE = Number(flags.rate);
const SECONDS = Number(flags.seconds);
const PROCESSES = Number(flags.processes);
const REPEAT = Number(flags.repeat);
const chosen = (flags.engines as string).split(',');
for (const name of chosen) if (!engines[name]) throw new Error(`--engines: no engine ${name} (${Object.keys(engines).join(', ')})`);
/** Clients per process whose latency is recorded. */
const SAMPLED = 20;
const now = (): number => performance.timeOrigin + performance.now();

interface Server {
  child: ChildProcess;
  port: number;
}

function startServer(env: Record<string, string>): Promise<Server> {
  const child = fork(new URL('./server.js', import.meta.url), { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (message: { port: number }) => resolve({ child, port: message.port }));
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

function ask(child: ChildProcess, command: object): Promise<{ writes: number }> {
  return new Promise((resolve) => {
    child.once('message', resolve);
    child.send(command);
  });
}

interface Client {
  events: number;
  socket: Socket;
}

/** A raw SSE client that counts events and, when sampled, records each event's latency (its data is when it was sent). */
function client(port: number, latencies: number[] | undefined): Promise<Client> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.write('GET /events HTTP/1.1\r\nHost: bench\r\n\r\n'));
    const state: Client = { events: 0, socket };
    let tail = '';
    socket.on('data', (chunk: Buffer) => {
      const text = tail + chunk.toString('latin1');
      let at = text.indexOf('data: ');
      let end = 0;
      while (at !== -1) {
        const lineEnd = text.indexOf('\n', at);
        if (lineEnd === -1) break;
        state.events++;
        latencies?.push(now() - Number(text.slice(at + 6, lineEnd)));
        end = lineEnd;
        at = text.indexOf('data: ', lineEnd);
      }
      tail = text.slice(Math.max(end, text.length - 64));
      if (text.includes(':ok')) resolve(state);
    });
  });
}

async function waitForEvents(clients: Client[], expected: number): Promise<void> {
  while (clients.some((c) => c.events < expected)) await new Promise((resolve) => setTimeout(resolve, 5));
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;
}

const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

interface Result {
  scenario: string;
  clients: number;
  'events/s (burst)': number;
  'p50 ms': number;
  'p99 ms': number;
  'CPU µs/event, sender': number;
  'CPU µs/event, others': number | string;
  'engine CPU µs/event': number | string;
  'writes/client/event': number;
}

async function scenario(label: string, processes: number, env: Record<string, string>, engineProcess?: string): Promise<Result> {
  const servers = await Promise.all(Array.from({ length: processes }, () => startServer(env)));
  const latencies: number[] = [];
  const clients: Client[] = [];
  for (const { port } of servers) {
    for (let i = 0; i < CLIENTS; i++) clients.push(await client(port, i < SAMPLED ? latencies : undefined));
  }
  const [sender] = servers as [Server, ...Server[]];
  // Throughput and delivery cost: a burst from one process, until every client has every event.
  const cpuBefore = servers.map(({ child }) => cpuMicros(child.pid as number));
  const engineBefore = engineProcess ? cpuMicrosNamed(engineProcess) : undefined;
  const writesBefore = await Promise.all(servers.map(({ child }) => ask(child, {})));
  const start = now();
  await ask(sender.child, { burst: BURST });
  await waitForEvents(clients, BURST);
  const seconds = (now() - start) / 1000;
  const writesAfter = await Promise.all(servers.map(({ child }) => ask(child, {})));
  const cost = servers.map(({ child }, i) => (cpuMicros(child.pid as number) - (cpuBefore[i] as number)) / BURST);
  const engineCost = engineProcess ? cpuMicrosSince(engineBefore as Map<number, number>, cpuMicrosNamed(engineProcess)) / BURST : undefined;
  const writes = writesAfter.map((after, i) => (after.writes - (writesBefore[i] as { writes: number }).writes) / BURST / CLIENTS);
  // Latency: a steady rate well under capacity.
  latencies.length = 0;
  await ask(sender.child, { rate: RATE, seconds: SECONDS });
  await waitForEvents(clients, BURST + RATE * SECONDS);
  for (const c of clients) c.socket.destroy();
  for (const { child } of servers) child.kill();
  const others = cost.slice(1);
  return {
    scenario: label,
    clients: clients.length,
    'events/s (burst)': Math.round(BURST / seconds),
    'p50 ms': +percentile(latencies, 50).toFixed(2),
    'p99 ms': +percentile(latencies, 99).toFixed(2),
    'CPU µs/event, sender': Math.round(cost[0] as number),
    'CPU µs/event, others': others.length ? Math.round(mean(others)) : '-',
    'engine CPU µs/event': engineCost === undefined ? '-' : +engineCost.toFixed(1),
    'writes/client/event': +(others.length ? mean(writes.slice(1)) : (writes[0] as number)).toFixed(3),
  };
}

const stamp = (): string => `${new Date().toISOString()} load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`;
console.log(`${stamp()}; ${CLIENTS} clients per process, burst ${BURST}, ${RATE}/s for ${SECONDS} s, ${REPEAT} run(s)`);
const runs: Result[][] = [];
for (let run = 1; run <= REPEAT; run++) {
  const results = [await scenario('in memory, 1 process', 1, { ENGINE: 'memory' })];
  for (const name of chosen) {
    const engine = engines[name]!;
    const namespace = `sse-bench-${randomUUID()}`;
    try {
      results.push(await scenario(`${engine.label}, ${PROCESSES} processes`, PROCESSES, { ENGINE: name, NAMESPACE: namespace }, engine.processName));
    } finally {
      await engine.forget(namespace);
    }
  }
  console.log(`run ${run}: ${stamp()}`);
  console.table(results);
  runs.push(results);
}

// Per-process delivery cost: a process fed by the engine against the in-memory one, per run, and the spread.
const ratio = (results: Result[], row: Result): number => Number(row[PROCESSES > 1 ? 'CPU µs/event, others' : 'CPU µs/event, sender']) / (results[0] as Result)['CPU µs/event, sender'];
for (const [i, name] of chosen.entries()) {
  const ratios = runs.map((results) => ratio(results, results[i + 1] as Result));
  console.log(`${engines[name]!.label}: per-process delivery cost / in memory: ${ratios.map((r) => r.toFixed(2)).join(', ')} (min ${Math.min(...ratios).toFixed(2)}, max ${Math.max(...ratios).toFixed(2)})`);
}
console.log(stamp());
process.exit(0);
