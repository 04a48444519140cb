import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const project = fileURLToPath(new URL('./types/tsconfig.json', import.meta.url));

it("type-checks h.sse and sse() in a user's project against the built declarations", { timeout: 60_000 }, () => {
  const run = () => execFileSync(process.execPath, [tsc, '-p', project], { encoding: 'utf8' });
  expect(run).not.toThrow();
});
