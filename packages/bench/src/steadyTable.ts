import { fixed, table, withSpread } from './markdownTable.js';
import type { SteadyResult } from './scenarios/results.js';

/** The steady stream, one row per server: median and range of each figure over the passes. */
export function steadyTable(results: readonly SteadyResult[]): string {
  const servers = [...new Set(results.map((r) => r.server))];
  const rows = servers.map((server) => {
    const passes = results.filter((r) => r.server === server);
    const of = (field: keyof SteadyResult) => passes.map((r) => r[field] as number);
    return [
      server,
      `${passes[0]?.clients}`,
      String(passes.length),
      withSpread(of('sentPerSecond'), 0),
      withSpread(of('deliveredPerSecond').map((d) => d / 1000), 0),
      withSpread(of('cpuMicrosPerEvent'), 3),
      withSpread(of('p50Ms')),
      withSpread(of('p99Ms')),
      fixed(Math.max(...of('maxMs'))),
      String(passes.reduce((sum, r) => sum + r.errors, 0)),
    ];
  });
  return table(
    ['server', 'clients', 'passes', 'events/s sent', 'thousand deliveries/s', 'CPU µs/event', 'p50 ms', 'p99 ms', 'max ms', 'lost/misordered'],
    rows,
  );
}
