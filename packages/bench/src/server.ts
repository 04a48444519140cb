import { createServer } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import { cpuUsageOf, rssOf } from './procStat.js';
import { StallWatch } from './StallWatch.js';
import { steadyStream } from './steadyStream.js';
import { eventData, type Command, type Ready, type Reply } from './protocol.js';
import { topicsVariant } from './scenarios/topicsVariant.js';
import { variants } from './variants/index.js';
import type { BenchEvent } from './variants/Variant.js';

// One server under test per process, driven by the bench process over IPC.
const name = process.argv[2] ?? '';
const create = name === 'topics' ? topicsVariant : variants[name];
if (!create || !process.send) throw new Error(`usage: fork server.js <${Object.keys(variants).join('|')}>`);
const variant = await create();
const { external } = variant;
const reply = (message: Reply | Ready): void => void process.send?.(message);
let peakRss = 0;
// Stalls of the event loop (longer than the 10 ms resolution), for the crowd scenario.
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();

/** CPU time of the server under test: this process, or every process of an external server. */
function cpuUsage(): NodeJS.CpuUsage {
  if (!external) return process.cpuUsage();
  const usage = { user: 0, system: 0 };
  for (const pid of external.pids()) {
    const { user, system } = cpuUsageOf(pid);
    usage.user += user;
    usage.system += system;
  }
  return usage;
}

/** Memory of the server under test; an external server has no heap, only its processes' RSS. */
function memoryUsage(): NodeJS.MemoryUsage {
  if (!external) return process.memoryUsage();
  const rss = external.pids().reduce((sum, pid) => sum + rssOf(pid), 0);
  return { rss, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
}

function events(from: number, count: number, pad: number): BenchEvent[] {
  const padding = 'x'.repeat(pad);
  const list: BenchEvent[] = [];
  for (let seq = from; seq < from + count; seq++) list.push({ id: String(seq), data: eventData(seq, padding) });
  return list;
}

function collectGarbage(): void {
  if (external) return;
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run the server with --expose-gc');
  for (let i = 0; i < 3; i++) gc();
}

function stream(command: Extract<Command, { type: 'stream' }>): void {
  let seq = command.from;
  const end = command.from + command.count;
  const timer = setInterval(() => {
    variant.send(events(seq++, 1, command.pad));
    if (seq === end) {
      clearInterval(timer);
      reply({ id: command.id });
    }
  }, command.intervalMs);
}

process.on('message', (command: Command) => {
  switch (command.type) {
    case 'count':
      return void Promise.resolve(variant.count()).then((count) => reply({ id: command.id, count }));
    case 'cpu':
      return reply({ id: command.id, cpu: cpuUsage() });
    case 'memory':
      if (command.gc) collectGarbage();
      return reply({ id: command.id, memory: memoryUsage(), peakRss });
    case 'send': {
      // The reply says how long the send took, the channel's flush (a microtask) included.
      const start = performance.now();
      variant.send(events(command.from, command.count, command.pad));
      return void setImmediate(() => reply({ id: command.id, elapsedMs: performance.now() - start }));
    }
    case 'stream':
      return stream(command);
    case 'steady': {
      const padding = 'x'.repeat(command.pad);
      const send = (seq: number) => variant.send([{ id: String(seq), data: eventData(seq, padding) }]);
      // At most 100 publish requests in flight to an external server (nginx): fewer (8) made nginx slower per event and halved its rate.
      const room = () => (variant.backlog ? 100 - variant.backlog() : Infinity);
      return steadyStream(send, room, command.from, command.perSecond, command.seconds, (count, elapsedMs) => reply({ id: command.id, count, elapsedMs }));
    }
    case 'watch-rss':
      peakRss = memoryUsage().rss;
      setInterval(() => (peakRss = Math.max(peakRss, memoryUsage().rss)), 20).unref();
      return reply({ id: command.id });
    case 'loop-delay':
      reply({ id: command.id, loopDelayMaxMs: loopDelay.max / 1e6 });
      return loopDelay.reset();
    case 'stalls':
      return reply({ id: command.id, stalls: stallWatch && { cutAfterMs: stallWatch.cutAfterMs, stalled: stallWatch.stalled } });
    case 'exit':
      // A normal exit, so that --cpu-prof writes its profile.
      external?.stop();
      process.exit(0);
  }
});

const server = createServer((req, res) => variant.connect(req, res));
// Only when asked: watching every socket would cost the other scenarios CPU and memory per connection.
const stallWatch = process.argv.includes('--watch-stalls') ? new StallWatch(server) : undefined;
server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, () => {
  reply({ type: 'ready', port: external?.port ?? (server.address() as AddressInfo).port });
});
