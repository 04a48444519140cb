import { createRequire } from 'node:module';
import { expect, it } from 'vitest';

// The built package, through its `exports` map, as users load it.
const require = createRequire(import.meta.url);

it('loads the built package with import', async () => {
  const { sse, SseChannel } = await import('@sse-channel/express');
  expect(typeof sse(new SseChannel())).toBe('function');
  expect(import.meta.resolve('@sse-channel/express')).toMatch(/dist\/index\.js$/);
});

it('loads the built package with require()', () => {
  const { sse, SseChannel } = require('@sse-channel/express') as typeof import('@sse-channel/express');
  expect(typeof sse(new SseChannel())).toBe('function');
  expect(require.resolve('@sse-channel/express')).toMatch(/dist\/index\.cjs$/);
});
