import { median } from '../median.js';
import type { ServerProcess } from '../ServerProcess.js';
import { connectAll } from './connectAll.js';
import { fanout } from './fanout.js';
import type { FanoutResult } from './results.js';

/** The single channel and the topics channel, compared at the same deliveries. */
export const TOPICS_SERVERS = ['ours', 'topics'] as const;
/** The bound: CPU per delivered event with topics ≤ 1.2× the single channel's. */
const LIMIT = 1.2;

/** What `topicsScenario` measured: every pass of both servers, and the ratio of the medians. */
export interface TopicsResult {
  clients: number;
  perTick: number;
  passes: FanoutResult[];
  /** Median CPU µs per delivered event, by server. */
  medians: Record<string, number>;
  /** Topics' median over the single channel's, and each pass's own ratio (the spread). */
  ratio: number;
  ratios: number[];
}

type WithServer = (name: string, what: string, work: (server: ServerProcess) => Promise<void>) => Promise<void>;

/**
 * 1,000 clients (or `clients`), each reading 10 of 100 topics, against the same clients on one
 * channel, at the same number of deliveries: `repeat` passes, the two servers alternating first.
 */
export async function topicsScenario(withServer: WithServer, clients: number, perTick: number, deliveries: number, repeat: number, pad: number): Promise<TopicsResult> {
  const passes: FanoutResult[] = [];
  const rounds = Math.max(20, Math.ceil(deliveries / (clients * perTick)));
  for (let pass = 0; pass < repeat; pass++) {
    for (const name of pass % 2 === 0 ? TOPICS_SERVERS : [...TOPICS_SERVERS].reverse()) {
      console.error(`topics ${clients} clients, pass ${pass + 1}: ${name}`);
      await withServer(name, `topics ${clients}`, async (server) => {
        const crowd = await connectAll(server, clients);
        passes.push(await fanout(name, server, crowd, perTick, rounds, pad));
        crowd.close();
      });
    }
  }
  const cpu = (name: string) => passes.filter((r) => r.server === name).map((r) => r.cpuMicrosPerEvent);
  const medians = Object.fromEntries(TOPICS_SERVERS.map((name) => [name, median(cpu(name)) ?? Number.NaN]));
  const ratios = cpu('topics').map((value, index) => value / (cpu('ours')[index] ?? Number.NaN));
  return { clients, perTick, passes, medians, ratio: (medians['topics'] ?? Number.NaN) / (medians['ours'] ?? Number.NaN), ratios };
}

/** The result as a markdown section. */
export function topicsMarkdown({ clients, perTick, passes, medians, ratio, ratios }: TopicsResult): string {
  const errors = passes.reduce((sum, r) => sum + r.errors, 0);
  const delivered = passes.reduce((sum, r) => sum + r.delivered, 0);
  const spread = ratios.map((r) => `${r.toFixed(2)}×`).join(', ');
  return [
    `### Topics: ${clients} clients each reading 10 of 100 topics vs one channel, ${perTick} events/tick to every client`,
    `| server | CPU µs per delivered event (median) |\n| --- | --- |\n| one channel (ours) | ${medians['ours']?.toFixed(3)} |\n| topics | ${medians['topics']?.toFixed(3)} |`,
    `Topics / one channel: ${ratio.toFixed(2)}× (target ≤ ${LIMIT}×: ${ratio <= LIMIT ? 'met' : 'MISSED'}); per pass: ${spread}. ` +
      `${delivered} deliveries, ${errors} lost/duplicated/misordered.`,
  ].join('\n\n');
}
