import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { charts } from './charts.js';
import { markdown } from './report.js';
import { fanout } from './scenarios/fanout.js';
import { medianFanout, medianMemory } from './scenarios/medians.js';
import { connectAll } from './scenarios/connectAll.js';
import { connectMeasuringMemory } from './scenarios/idleMemory.js';
import { latency } from './scenarios/latency.js';
import type { BenchResults } from './scenarios/results.js';
import { slowClients } from './scenarios/slowClients.js';
import { steady } from './scenarios/steady.js';
import { crowd } from './scenarios/crowd.js';
import { stalled } from './scenarios/stalled.js';
import { topicsMarkdown, topicsScenario } from './scenarios/topics.js';
import { ServerProcess } from './ServerProcess.js';
import { variants } from './variants/index.js';

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    servers: { type: 'string' },
    profile: { type: 'boolean', default: false },
    out: { type: 'string', default: 'bench-results' },
    clients: { type: 'string' },
    deliveries: { type: 'string' },
    'per-tick': { type: 'string' },
    repeat: { type: 'string', default: '1' },
    crowd: { type: 'string' },
    'crowd-idle': { type: 'string' },
    stalled: { type: 'string' },
    'stalled-seconds': { type: 'string' },
    'stalled-bytes': { type: 'string' },
    'steady-rate': { type: 'string' },
  },
});

const quick = flags.quick === true;
/** `--clients N` runs every scenario with N clients (a smoke run). */
const clients = flags.clients === undefined ? undefined : Number(flags.clients);
const settings = {
  quick,
  fanoutClients: clients ? [clients] : quick ? [200, 1000] : [1000, 10_000],
  perTick: flags['per-tick'] ? flags['per-tick'].split(',').map(Number) : [1, 16],
  /** Deliveries measured per fan-out case (clients × events), after a fifth as many to warm up. */
  deliveries: flags.deliveries ? Number(flags.deliveries) : quick ? 200_000 : 1_000_000,
  minRounds: 20,
  /** Passes over the fan-out and memory cases, servers in alternating order; tables show the median. */
  repeat: Number(flags.repeat),
  eventBytes: 100,
  memoryClients: clients ?? (quick ? 1000 : 10_000),
  latency: { clients: clients ?? (quick ? 500 : 2000), eventsPerSecond: 200, seconds: quick ? 2 : 5 },
  slow: { clients: clients ?? (quick ? 50 : 200), bytesPerClient: 8 * 2 ** 20 },
  steady: { clients: clients ?? (quick ? 200 : 1000), eventsPerSecond: Number(flags['steady-rate'] ?? 5000), seconds: quick ? 1 : 2 },
  /** Idle connections aimed at (fewer when the open-file limit is lower), idle long enough for a ping (default every 20 s). */
  crowd: { target: Number(flags.crowd ?? clients ?? (quick ? 10_000 : 100_000)), idleMs: Number(flags['crowd-idle'] ?? 21_000) },
  /**
   * Never-reading clients beside 50 readers. Each absorbs 3–4 MiB in loopback's kernel buffers before
   * the server sees a refused write: 200 of them (about 0.8 GiB) stay under the kernel's TCP memory
   * pressure threshold (`tcp_mem`, 1.5 GiB on the project's machine), 1,000 would not.
   */
  stalled: {
    stalled: Number(flags.stalled ?? clients ?? 200),
    readers: Math.min(50, clients ?? 50),
    eventsPerSecond: 200,
    /** 1 KiB events fill the kernel's buffers in about 20 s (100-byte events would take over 3 minutes). */
    eventBytes: Number(flags['stalled-bytes'] ?? 1024),
    seconds: Number(flags['stalled-seconds'] ?? 65),
  },
};
const scenarios = new Set((flags.only ?? 'fanout,memory,latency,slow,steady,stalled,crowd,topics').split(','));
const servers = flags.servers ? flags.servers.split(',') : Object.keys(variants);
/** The servers of the steady stream: the libraries, nginx+nchan and ours with and without a flush window. */
const STEADY_SERVERS = ['ours', 'ours-2ms', 'nchan', 'better-sse', 'fastify-sse', 'hono'];
const outDir = flags.out as string;
const profileDir = flags.profile ? join(outDir, 'profiles') : undefined;

const results: BenchResults = {
  date: new Date().toISOString(),
  machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version, loadAverage: loadavg() },
  settings,
  fanout: [],
  memory: [],
  latency: [],
  slow: [],
  steady: [],
  crowd: [],
  stalled: [],
  failures: [],
};

/** Runs `work` against a fresh server process of `variant`; a failure is recorded and the run goes on. */
async function withServer(variant: string, what: string, work: (server: ServerProcess) => Promise<void>, args?: string[]): Promise<void> {
  const server = await ServerProcess.start(variant, profileDir, args);
  try {
    await work(server);
  } catch (error) {
    results.failures.push(`${what} / ${variant}: ${(error as Error).message}`);
    console.error(`  ${what} / ${variant} failed: ${(error as Error).message}`);
  } finally {
    await server.stop();
  }
}

const log = (text: string) => console.error(text);
const eventPad = settings.eventBytes - 40;

/** Connects `clients` to a fresh `name` server, measuring idle memory when asked, then runs each fan-out case. */
async function fanoutCases(name: string, clients: number): Promise<void> {
  log(`fan-out ${clients} clients: ${name}`);
  await withServer(name, `fan-out ${clients}`, async (server) => {
    let crowd;
    if (scenarios.has('memory') && clients === settings.memoryClients) {
      const measured = await connectMeasuringMemory(name, server, clients);
      results.memory.push(measured.memory);
      crowd = measured.crowd;
    } else {
      crowd = await connectAll(server, clients);
    }
    if (scenarios.has('fanout')) {
      for (const perTick of settings.perTick) {
        const rounds = Math.max(settings.minRounds, Math.ceil(settings.deliveries / (clients * perTick)));
        results.fanout.push(await fanout(name, server, crowd, perTick, rounds, eventPad));
      }
    }
    crowd.close();
  });
}

if (scenarios.has('fanout') || scenarios.has('memory')) {
  const sizes = scenarios.has('fanout') ? settings.fanoutClients : [settings.memoryClients];
  for (let pass = 0; pass < settings.repeat; pass++) {
    for (const clients of sizes) {
      for (const name of pass % 2 === 0 ? servers : [...servers].reverse()) await fanoutCases(name, clients);
    }
  }
  results.passes = { fanout: results.fanout, memory: results.memory };
  results.fanout = medianFanout(results.fanout);
  results.memory = medianMemory(results.memory);
}

if (scenarios.has('latency')) {
  const { clients, eventsPerSecond, seconds } = settings.latency;
  for (const name of servers) {
    log(`latency ${clients} clients × ${eventsPerSecond}/s: ${name}`);
    await withServer(name, 'latency', async (server) => {
      results.latency.push(await latency(name, server, clients, eventsPerSecond, seconds, eventPad));
    });
  }
}

if (scenarios.has('slow')) {
  const { clients, bytesPerClient } = settings.slow;
  for (const name of servers) {
    log(`slow clients ${clients}: ${name}`);
    await withServer(name, 'slow clients', async (server) => {
      results.slow.push(await slowClients(name, server, clients, bytesPerClient));
    });
  }
}

if (scenarios.has('steady')) {
  const { clients, eventsPerSecond, seconds } = settings.steady;
  const names = servers.filter((name) => STEADY_SERVERS.includes(name));
  for (let pass = 0; pass < settings.repeat; pass++) {
    for (const name of pass % 2 === 0 ? names : [...names].reverse()) {
      log(`steady ${clients} clients × ${eventsPerSecond}/s, one per tick: ${name}`);
      await withServer(name, 'steady', async (server) => {
        results.steady?.push(await steady(name, server, clients, eventsPerSecond, seconds, eventPad));
      });
    }
  }
}

if (scenarios.has('stalled')) {
  for (const name of servers.filter((server) => server === 'ours' || server === 'ours-2ms')) {
    log(`stalled: ${settings.stalled.stalled} never-reading clients beside ${settings.stalled.readers} readers: ${name}`);
    await withServer(name, 'stalled', async (server) => void results.stalled?.push(await stalled(name, server, settings.stalled)), ['--watch-stalls']);
  }
}

if (scenarios.has('crowd') && servers.includes('ours')) {
  for (let pass = 0; pass < settings.repeat; pass++) {
    log(`crowd: up to ${settings.crowd.target} idle connections: ours`);
    await withServer('ours', 'crowd', async (server) => {
      results.crowd?.push(await crowd('ours', server, settings.crowd.target, settings.crowd.idleMs));
    });
  }
}

// `--only=topics`: 10 events/tick to every client, so each of the 100 topics gets one per tick.
const topics = scenarios.has('topics') ? await topicsScenario(withServer, clients ?? 1000, 10, settings.deliveries, settings.repeat, eventPad) : undefined;
const summary = markdown(results, servers) + (topics ? `\n${topicsMarkdown(topics)}\n` : '');
Object.assign(results, topics && { topics });
console.log(summary);
mkdirSync(outDir, { recursive: true });
const stamp = results.date.replace(/[:.]/g, '-');
writeFileSync(join(outDir, `${stamp}.json`), JSON.stringify(results, null, 2));
writeFileSync(join(outDir, 'latest.json'), JSON.stringify(results, null, 2));
writeFileSync(join(outDir, 'latest.md'), summary);
for (const [file, svg] of Object.entries(charts(results))) writeFileSync(join(outDir, file), svg);
log(`results: ${join(outDir, 'latest.json')}, latest.md and the charts (*.svg)`);
process.exit(results.failures.length > 0 ? 1 : 0);
