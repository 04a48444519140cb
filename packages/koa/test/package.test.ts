import { createRequire } from 'node:module';
import { expect, it } from 'vitest';

// The built package, through its `exports` map, as users load it (a variable name keeps tsc on the sources).
const name = '@sse-channel/koa';
type Package = typeof import('../src/index.js');
const require = createRequire(import.meta.url);

it('loads the built package with import', async () => {
  const { sse, SseChannel } = (await import(name)) as Package;
  expect(typeof sse(new SseChannel())).toBe('function');
  expect(import.meta.resolve(name)).toMatch(/dist\/index\.js$/);
});

it('loads the built package with require()', () => {
  const { sse, SseChannel } = require(name) as Package;
  expect(typeof sse(new SseChannel())).toBe('function');
  expect(require.resolve(name)).toMatch(/dist\/index\.cjs$/);
});
