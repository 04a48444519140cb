// Benchmark: Redis CPU per broadcast spent in the publish script (INFO commandstats), with and
// without retention, in batches of BATCH events per call (default 1; the sends of one tick go in
// one call), on a redis-server of its own (so other clients' scripts do not count).
// Run with `pnpm --filter @sse-channel/redis bench:script`; needs redis-server on PATH.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

// The script as the package sends it (it is not exported): the template literal of its source.
const source = readFileSync(new URL('../src/publishScript.ts', import.meta.url), 'utf8');
const PUBLISH_SCRIPT = /PUBLISH_SCRIPT = `([\s\S]*?)`;/.exec(source)[1];

const EVENTS = Number(process.env.EVENTS ?? 20000);
const RUNS = Number(process.env.RUNS ?? 3);
const BATCH = Number(process.env.BATCH ?? 1);
const entry = JSON.stringify({ data: 'x'.repeat(100) });

const port = await new Promise((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port: free } = probe.address();
    probe.close(() => resolve(free));
  });
});
const server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise((resolve) => server.stdout.on('data', (data) => String(data).includes('Ready to accept') && resolve()));
const redis = new Redis(`redis://127.0.0.1:${port}`);
redis.defineCommand('ssePublish', { numberOfKeys: 2, lua: PUBLISH_SCRIPT });

for (const retention of [0, 60000]) {
  const perCall = [];
  for (let run = 0; run < RUNS; run++) {
    await redis.flushall();
    await redis.config('RESETSTAT');
    const entries = Array.from({ length: BATCH }, () => entry);
    for (let sent = 0; sent < EVENTS; sent += 500 * BATCH) {
      const pipeline = redis.pipeline();
      for (let i = 0; i < 500; i++) pipeline.ssePublish('k', 'k:last-id', 'k', 500, retention, '0', '1'.repeat(BATCH), ...entries);
      await pipeline.exec();
    }
    const stats = await redis.info('commandstats');
    perCall.push(+(Number(/cmdstat_evalsha:.*usec_per_call=([\d.]+)/.exec(stats)[1]) / BATCH).toFixed(2));
  }
  console.log(`retention ${retention} ms, ${BATCH} per call: µs of Redis CPU per kept event, ${RUNS} runs of ${EVENTS}: ${perCall.join(', ')}`);
}
redis.disconnect();
server.kill();
