import { median } from './median.js';
import type { BenchResults, SteadyResult } from './scenarios/results.js';

/** One target of the issue, checked against a run. */
export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean | undefined;
}

/** The bound our channel keeps per slow client (its default `maxQueuedBytes`), and the slack allowed on top. */
const MAX_QUEUED_BYTES = 2 ** 20;
const RSS_CONSTANT_BYTES = 32 * 2 ** 20;
/** The longest stall of the event loop the channel may cause (issue 15). */
const STALL_BOUND_MS = 20;

function check(target: string, value: number | undefined, base: number | undefined, limit: number): TargetCheck {
  if (value === undefined || base === undefined) return { target, measured: 'not measured', met: undefined };
  const ratio = value / base;
  return { target, measured: `${ratio.toFixed(2)}×`, met: ratio <= limit };
}

/** The targets for `ours`, each as measured in this run. */
export function checkTargets(results: BenchResults): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const cpu = (server: string, clients: number, perTick: number) =>
    results.fanout.find((r) => r.server === server && r.clients === clients && r.perTick === perTick)?.cpuMicrosPerEvent;
  for (const clients of new Set(results.fanout.map((r) => r.clients))) {
    checks.push(check(`${clients} clients, 1 event/tick: CPU ≤ 1.1× socket`, cpu('ours', clients, 1), cpu('socket', clients, 1), 1.1));
    checks.push(check(`${clients} clients, 16/tick: CPU ≤ 1.25× batch`, cpu('ours', clients, 16), cpu('batch', clients, 16), 1.25));
    checks.push(check(`${clients} clients, 16/tick: CPU ≤ 0.5× sse-channel`, cpu('ours', clients, 16), cpu('sse-channel', clients, 16), 0.5));
    checks.push(check(`${clients} clients, 16/tick: CPU ≤ 0.3× better-sse`, cpu('ours', clients, 16), cpu('better-sse', clients, 16), 0.3));
  }
  const heap = (server: string) => results.memory.find((r) => r.server === server)?.heapBytesPerConnection;
  if (results.memory.length > 0) checks.push(check('idle heap per connection ≤ 1.1× node:http (res)', heap('ours'), heap('res'), 1.1));
  const p99 = (server: string) => results.latency.find((r) => r.server === server)?.p99Ms;
  if (results.latency.length > 0) checks.push(check('p99 latency ≤ res floor', p99('ours'), p99('res'), 1));
  if (results.steady?.length) checks.push(...steadyTargets(results.steady));
  for (const r of results.stalled ?? []) {
    checks.push({
      target: `stalled (${r.server}): every never-reading client cut within stallTimeout + its check period`,
      measured: `${r.cut} of ${r.stalled} cut, longest stall ${(r.longestCutMs / 1000).toFixed(1)} s of ${(r.boundMs / 1000).toFixed(1)}`,
      met: r.cut === r.stalled && r.longestCutMs <= r.boundMs,
    });
  }
  for (const r of results.crowd ?? []) {
    const stall = Math.max(r.idleStallMs, r.broadcastStallMs);
    checks.push({ target: `crowd (${r.connections}): longest event-loop stall ≤ ${STALL_BOUND_MS} ms`, measured: `${stall.toFixed(1)} ms`, met: stall <= STALL_BOUND_MS });
    checks.push({
      target: `crowd (${r.connections}): a client connecting during a broadcast has its first bytes within ${STALL_BOUND_MS} ms`,
      measured: `${r.lateClientMs.toFixed(1)} ms`,
      met: r.lateClientMs <= STALL_BOUND_MS,
    });
  }
  const slow = results.slow.find((r) => r.server === 'ours');
  if (slow) {
    const bound = slow.slowClients * MAX_QUEUED_BYTES + RSS_CONSTANT_BYTES;
    checks.push({
      target: 'slow clients: RSS growth ≤ 1 MiB × slow clients + 32 MiB, readers get everything',
      measured: `${(slow.rssGrowthBytes / 2 ** 20).toFixed(1)} MiB of ${(bound / 2 ** 20).toFixed(0)}, readers ${slow.readersComplete ? 'complete' : 'INCOMPLETE'}`,
      met: slow.rssGrowthBytes <= bound && slow.readersComplete,
    });
  }
  return checks;
}

/** The flush window's targets: a 2 ms window halves nginx+nchan's CPU per event and adds at most 2 ms to p99. */
function steadyTargets(steady: readonly SteadyResult[]): TargetCheck[] {
  const of = (server: string, field: 'cpuMicrosPerEvent' | 'p99Ms') => median(steady.filter((r) => r.server === server).map((r) => r[field]));
  const p99 = of('ours-2ms', 'p99Ms');
  const bound = (of('ours', 'p99Ms') ?? Number.NaN) + 2;
  return [
    check('steady stream: ours-2ms CPU per event ≤ 0.5× nchan', of('ours-2ms', 'cpuMicrosPerEvent'), of('nchan', 'cpuMicrosPerEvent'), 0.5),
    p99 === undefined || Number.isNaN(bound)
      ? { target: 'steady stream: ours-2ms p99 ≤ ours p99 + 2 ms', measured: 'not measured', met: undefined }
      : { target: 'steady stream: ours-2ms p99 ≤ ours p99 + 2 ms', measured: `${p99.toFixed(2)} ms of ${bound.toFixed(2)}`, met: p99 <= bound },
  ];
}
