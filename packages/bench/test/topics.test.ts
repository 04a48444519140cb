import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import type { TopicsResult } from '../src/scenarios/topics.js';

const bench = fileURLToPath(new URL('../dist/bench.js', import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'sse-bench-topics-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

it('runs the topics scenario at 20 clients: both servers deliver every event once, in order', async () => {
  await promisify(execFile)(process.execPath, [bench, '--only=topics', '--clients=20', '--deliveries=2000', '--repeat=2', `--out=${out}`]);
  const { topics } = JSON.parse(readFileSync(join(out, 'latest.json'), 'utf8')) as { topics: TopicsResult };
  expect(topics.passes.map((pass) => pass.server)).toEqual(['ours', 'topics', 'topics', 'ours']);
  for (const pass of topics.passes) {
    expect(pass.errors).toBe(0);
    expect(pass.delivered).toBeGreaterThan(0);
  }
  expect(topics.ratios).toHaveLength(2);
  expect(readFileSync(join(out, 'latest.md'), 'utf8')).toMatch(/Topics \/ one channel: \d+\.\d\d×/);
}, 120_000);
