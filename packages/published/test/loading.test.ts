import { execFileSync } from 'node:child_process';
import { expect, inject, it } from 'vitest';
import { publicPackages } from '../src/workspace.js';

const consumer = inject('consumer');
const names = publicPackages().map(({ manifest }) => manifest.name);

/** Runs `script` with node in the user's project and returns what it printed, parsed as JSON. */
function inProject(script: string, type: 'module' | 'commonjs'): unknown {
  const output = execFileSync(process.execPath, [`--input-type=${type}`, '-e', script], { cwd: consumer, encoding: 'utf8' });
  return JSON.parse(output);
}

it('imports every package from ESM, with its named exports', () => {
  const script = `const out = {};
for (const name of ${JSON.stringify(names)}) out[name] = Object.keys(await import(name)).sort();
console.log(JSON.stringify(out));`;
  const exports = inProject(script, 'module') as Record<string, string[]>;
  const main: Record<string, string> = { '@sse-channel/redis': 'redisBackplane', '@sse-channel/nats': 'natsBackplane', '@sse-channel/postgres': 'postgresBackplane', '@sse-channel/client': 'createClient' };
  for (const name of names) expect(exports[name], name).toContain(main[name] ?? 'SseChannel');
});

it('requires every package from CommonJS, and its package.json', () => {
  const script = `const out = {};
for (const name of ${JSON.stringify(names)}) out[name] = { type: typeof require(name), version: require(name + '/package.json').version };
console.log(JSON.stringify(out));`;
  const loaded = inProject(script, 'commonjs') as Record<string, { type: string; version: string }>;
  for (const { manifest } of publicPackages()) expect(loaded[manifest.name]?.version, manifest.name).toBe(manifest.version);
  // require() gives what the drop-in and the plugins promise: the class, the fastify plugin function.
  expect(loaded['@sse-channel/node']?.type).toBe('function');
  expect(loaded['@sse-channel/fastify']?.type).toBe('function');
});
