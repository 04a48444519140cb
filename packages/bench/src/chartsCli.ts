// `node dist/chartsCli.js <out dir> <results.json>…`: the charts of several runs' results together
// (such as a steady run and a crowd run), as `pnpm bench` writes them for one run.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { charts } from './charts.js';
import type { BenchResults } from './scenarios/results.js';

const [outDir, ...files] = process.argv.slice(2);
if (!outDir || files.length === 0) throw new Error('usage: node dist/chartsCli.js <out dir> <results.json>…');
const runs = files.map((file) => JSON.parse(readFileSync(file, 'utf8')) as BenchResults);
const [first] = runs as [BenchResults];
const merged: BenchResults = {
  ...first,
  fanout: runs.flatMap((run) => run.fanout),
  memory: runs.flatMap((run) => run.memory),
  latency: runs.flatMap((run) => run.latency),
  slow: runs.flatMap((run) => run.slow),
  steady: runs.flatMap((run) => run.steady ?? []),
  crowd: runs.flatMap((run) => run.crowd ?? []),
  stalled: runs.flatMap((run) => run.stalled ?? []),
};
mkdirSync(outDir, { recursive: true });
for (const [file, svg] of Object.entries(charts(merged))) writeFileSync(join(outDir, file), svg);
