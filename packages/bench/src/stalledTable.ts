import { fixed, table } from './markdownTable.js';
import type { StalledResult } from './scenarios/results.js';

/** The stalled-clients scenario, one row per server. */
export function stalledTable(results: readonly StalledResult[]): string {
  const mib = (bytes: number) => fixed(bytes / 2 ** 20, 1);
  return table(
    ['server', 'stalled + readers', 'events/s × bytes', 'cut / still stalled', 'stall before the cut s (bound)', 'readers p50 / p99 ms', 'readers lost', 'RSS MiB before → peak'],
    results.map((r) => [
      r.server,
      `${r.stalled} + ${r.readers}`,
      `${r.eventsPerSecond} × ${r.eventBytes}`,
      `${r.cut} / ${r.stillStalled}`,
      `${fixed(r.shortestCutMs / 1000, 1)}–${fixed(r.longestCutMs / 1000, 1)} (${fixed(r.boundMs / 1000, 1)})`,
      `${fixed(r.readersP50Ms)} / ${fixed(r.readersP99Ms)}`,
      String(r.readerErrors),
      `${mib(r.rssBeforeBytes)} → ${mib(r.peakRssBytes)}`,
    ]),
  );
}
