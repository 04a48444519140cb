import { createRequire } from 'node:module';
import { expect, it } from 'vitest';

// The built package, through its `exports` map, as users load it.
const require = createRequire(import.meta.url);

it('loads the built package with import', async () => {
  const { sse, SseChannel } = await import('@sse-channel/koa');
  expect(typeof sse(new SseChannel())).toBe('function');
  expect(import.meta.resolve('@sse-channel/koa')).toMatch(/dist\/index\.js$/);
});

it('loads the built package with require()', () => {
  const { sse, SseChannel } = require('@sse-channel/koa') as typeof import('@sse-channel/koa');
  expect(typeof sse(new SseChannel())).toBe('function');
  expect(require.resolve('@sse-channel/koa')).toMatch(/dist\/index\.cjs$/);
});
