import type { BenchResults, FanoutResult } from './scenarios/results.js';
import { fixed, table } from './markdownTable.js';
import { crowdTable } from './crowdTable.js';
import { stalledTable } from './stalledTable.js';
import { steadyTable } from './steadyTable.js';
import { checkTargets } from './targets.js';

const FLOOR_OF_TICK = (perTick: number): string => (perTick === 1 ? 'socket' : 'batch');


function ratio(value: number | undefined, base: number | undefined): string {
  return value === undefined || base === undefined ? 'n/a' : `${fixed(value / base)}×`;
}

type CpuField = 'cpuMicrosPerEvent' | 'userMicrosPerEvent';

function fanoutTable(results: BenchResults, servers: string[], field: CpuField): string {
  const cases = [...new Set(results.fanout.map((r) => `${r.clients}:${r.perTick}`))];
  const rows = cases.map((key) => {
    const [clients, perTick] = key.split(':').map(Number) as [number, number];
    const of = (server: string): FanoutResult | undefined =>
      results.fanout.find((r) => r.server === server && r.clients === clients && r.perTick === perTick);
    const floor = of(FLOOR_OF_TICK(perTick))?.[field];
    const cells = servers.map((server) => {
      const result = of(server);
      if (!result) return 'n/a';
      const flag = result.errors > 0 ? ` ⚠ ${result.errors} lost/misordered` : '';
      return `${fixed(result[field], 3)} (${ratio(result[field], floor)})${flag}`;
    });
    return [`${clients} × ${perTick}/tick`, FLOOR_OF_TICK(perTick), ...cells];
  });
  return table(['clients × events', 'floor', ...servers], rows);
}

function memoryTable(results: BenchResults): string {
  const base = results.memory.find((r) => r.server === 'res')?.heapBytesPerConnection;
  return table(
    ['server', 'clients', 'heap B/conn', 'vs node:http (res)', 'external B/conn', 'RSS B/conn'],
    results.memory.map((r) => [
      r.server,
      String(r.clients),
      fixed(r.heapBytesPerConnection, 0),
      ratio(r.heapBytesPerConnection, base),
      fixed(r.externalBytesPerConnection, 0),
      fixed(r.rssBytesPerConnection, 0),
    ]),
  );
}

function latencyTable(results: BenchResults): string {
  const base = results.latency.find((r) => r.server === 'res')?.p99Ms;
  return table(
    ['server', 'clients × events/s', 'p50 ms', 'p99 ms', 'p99 vs res', 'max ms', 'lost/misordered'],
    results.latency.map((r) => [
      r.server,
      `${r.clients} × ${r.eventsPerSecond}`,
      fixed(r.p50Ms),
      fixed(r.p99Ms),
      ratio(r.p99Ms, base),
      fixed(r.maxMs),
      String(r.errors),
    ]),
  );
}

function slowTable(results: BenchResults): string {
  const mib = (bytes: number) => fixed(bytes / 2 ** 20, 1);
  return table(
    ['server', 'clients (slow)', 'MiB sent per client', 'peak RSS growth MiB', 'readers got everything', 'slow clients removed'],
    results.slow.map((r) => [
      r.server,
      `${r.clients} (${r.slowClients})`,
      mib(r.bytesPerClient),
      mib(r.rssGrowthBytes),
      r.readersComplete ? 'yes' : 'NO',
      String(r.slowClientsRemoved),
    ]),
  );
}

/** The whole run as markdown: machine, settings, one table per scenario. */
export function markdown(results: BenchResults, servers: string[]): string {
  const { machine } = results;
  const parts = [
    `Run ${results.date} on ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, load average ${machine.loadAverage.map((l) => l.toFixed(2)).join(' ')} at start.`,
    `Settings: ${JSON.stringify(results.settings)}`,
  ];
  if (results.fanout.length > 0) {
    parts.push('### Fan-out: server CPU µs per delivered event (ratio to the floor)', fanoutTable(results, servers, 'cpuMicrosPerEvent'));
    parts.push(
      '### Fan-out, user CPU only (without the kernel, whose loopback work dominates the total and varies with load)',
      fanoutTable(results, servers, 'userMicrosPerEvent'),
    );
  }
  if (results.memory.length > 0) parts.push('### Idle memory per connection (after gc)', memoryTable(results));
  if (results.latency.length > 0) parts.push('### Latency, send to client read', latencyTable(results));
  if (results.slow.length > 0) parts.push('### Slow clients: every 10th client stops reading', slowTable(results));
  if (results.steady?.length) {
    parts.push(`### Steady stream: one event per tick, ${results.steady[0]?.eventsPerSecond} events/s asked (median and range over the passes)`, steadyTable(results.steady));
  }
  if (results.stalled?.length) parts.push('### Stalled clients: never-reading sockets beside readers', stalledTable(results.stalled));
  if (results.crowd?.length) parts.push('### Crowd: idle connections on one process', crowdTable(results.crowd));
  const targets = checkTargets(results);
  if (targets.length > 0) {
    const verdict = (met: boolean | undefined) => (met === undefined ? '–' : met ? 'met' : 'MISSED');
    parts.push('### Targets (ours)', table(['target', 'measured', ''], targets.map((t) => [t.target, t.measured, verdict(t.met)])));
  }
  if (results.failures.length > 0) parts.push('### Failures', results.failures.map((f) => `- ${f}`).join('\n'));
  return parts.join('\n\n') + '\n';
}
