import { fixed, table } from './markdownTable.js';
import type { CrowdResult } from './scenarios/results.js';

/** The crowd scenario, one row per pass. */
export function crowdTable(results: readonly CrowdResult[]): string {
  return table(
    [
      'server',
      'connections (aimed at)',
      'connect s',
      'heap B/conn',
      'RSS B/conn',
      'longest stall idle (pings) ms',
      'send in server ms',
      'broadcast to all ms',
      'longest stall in broadcast ms',
      'new client first bytes ms',
      'lost',
    ],
    results.map((r) => [
      r.server,
      `${r.connections} (${r.target}${r.limitedBy ? `; ${r.limitedBy}` : ''})`,
      fixed(r.connectSeconds, 1),
      fixed(r.heapBytesPerConnection, 0),
      fixed(r.rssBytesPerConnection, 0),
      fixed(r.idleStallMs, 1),
      fixed(r.sendMs, 1),
      fixed(r.broadcastMs, 1),
      fixed(r.broadcastStallMs, 1),
      fixed(r.lateClientMs, 1),
      String(r.errors),
    ]),
  );
}
