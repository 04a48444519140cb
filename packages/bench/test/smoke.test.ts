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

// The built benchmark, run small: it cannot rot unnoticed between full runs.
describe('the benchmark at 20 clients', () => {
  it('delivers every event exactly once, in order, to every client of every server', async () => {
    await promisify(execFile)(process.execPath, [bench, '--only=fanout', '--clients=20', '--deliveries=1000', `--out=${out}`]);
    const results = JSON.parse(readFileSync(join(out, 'latest.json'), 'utf8')) as BenchResults;
    expect(results.failures).toEqual([]);
    expect(results.fanout.map((r) => `${r.server} ${r.perTick}`).sort()).toEqual(
      Object.keys(variants).flatMap((name) => [`${name} 1`, `${name} 16`]).sort(),
    );
    for (const result of results.fanout) {
      expect(result.errors).toBe(0);
      expect(result.cpuMicrosPerEvent).toBeGreaterThan(0);
    }
    expect(readFileSync(join(out, 'latest.md'), 'utf8')).toContain('| 20 × 16/tick | batch |');
  }, 120_000);
});
