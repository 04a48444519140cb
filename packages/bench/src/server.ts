import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventData, type Command, type Ready, type Reply } from './protocol.js';
import { topicsVariant } from './scenarios/topicsVariant.js';
import { variants } from './variants/index.js';
import type { BenchEvent } from './variants/Variant.js';

// One server under test per process, driven by the bench process over IPC.
const name = process.argv[2] ?? '';
const create = name === 'topics' ? topicsVariant : variants[name];
if (!create || !process.send) throw new Error(`usage: fork server.js <${Object.keys(variants).join('|')}>`);
const variant = create();
const reply = (message: Reply | Ready): void => void process.send?.(message);
let peakRss = 0;

function events(from: number, count: number, pad: number): BenchEvent[] {
  const padding = 'x'.repeat(pad);
  const list: BenchEvent[] = [];
  for (let seq = from; seq < from + count; seq++) list.push({ id: String(seq), data: eventData(seq, padding) });
  return list;
}

function collectGarbage(): void {
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
      return reply({ id: command.id, count: variant.count() });
    case 'cpu':
      return reply({ id: command.id, cpu: process.cpuUsage() });
    case 'memory':
      if (command.gc) collectGarbage();
      return reply({ id: command.id, memory: process.memoryUsage(), peakRss });
    case 'send':
      variant.send(events(command.from, command.count, command.pad));
      return reply({ id: command.id });
    case 'stream':
      return stream(command);
    case 'watch-rss':
      peakRss = process.memoryUsage.rss();
      setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 20).unref();
      return reply({ id: command.id });
    case 'exit':
      // A normal exit, so that --cpu-prof writes its profile.
      process.exit(0);
  }
});

const server = createServer((req, res) => variant.connect(req, res));
server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, () => {
  reply({ type: 'ready', port: (server.address() as AddressInfo).port });
});
