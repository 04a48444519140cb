import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { BenchResults } from '../src/scenarios/results.js';
import { variants } from '../src/variants/index.js';

const bench = fileURLToPath(new URL('../dist/bench.js', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'sse-bench-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const run = async (dir: string, args: string[]): Promise<BenchResults> => {
  await promisify(execFile)(process.execPath, [bench, ...args, `--out=${join(out, dir)}`]);
  return JSON.parse(readFileSync(join(out, dir, 'latest.json'), 'utf8')) as BenchResults;
};

// The built benchmark, run small: it cannot rot unnoticed between full runs.
describe('the benchmark at 20 clients', () => {
  it('delivers every event exactly once, in order, to every client of every server', async () => {
    const results = await run('fanout', ['--only=fanout', '--clients=20', '--deliveries=1000']);
    expect(results.failures).toEqual([]);
    expect(results.fanout.map((r) => `${r.server} ${r.perTick}`).sort()).toEqual(
      Object.keys(variants).flatMap((name) => [`${name} 1`, `${name} 16`]).sort(),
    );
    for (const result of results.fanout) {
      expect(result.errors).toBe(0);
      // nginx's CPU comes from /proc in 10 ms ticks: a small run may read none.
      if (result.server === 'nchan') expect(result.cpuMicrosPerEvent).toBeGreaterThanOrEqual(0);
      else expect(result.cpuMicrosPerEvent).toBeGreaterThan(0);
    }
    expect(readFileSync(join(out, 'fanout', 'latest.md'), 'utf8')).toContain('| 20 × 16/tick | batch |');
    expect(readFileSync(join(out, 'fanout', 'cpu-per-event.svg'), 'utf8')).toMatch(/^<svg[^]*nchan[^]*<\/svg>\n$/);
  }, 120_000);

  it('streams one event per tick to every client of the steady servers, and measures a crowd', async () => {
    const results = await run('steady', ['--only=steady,crowd', '--clients=20', '--crowd-idle=100']);
    expect(results.failures).toEqual([]);
    expect(results.steady?.map((r) => r.server).sort()).toEqual(['better-sse', 'fastify-sse', 'hono', 'nchan', 'ours', 'ours-2ms']);
    for (const result of results.steady ?? []) {
      expect(result.errors).toBe(0);
      expect(result.sentPerSecond).toBeGreaterThan(0);
      expect(result.p99Ms).toBeGreaterThan(0);
    }
    const [crowd] = results.crowd ?? [];
    expect(crowd).toMatchObject({ connections: 20, errors: 0 });
    expect(crowd?.lateClientMs).toBeGreaterThan(0);
    // No stall longer than the monitor's resolution reads 0; a broken reading is NaN.
    expect(crowd?.broadcastStallMs).toBeGreaterThanOrEqual(0);
  }, 120_000);
});
