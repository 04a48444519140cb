import { createRequire } from 'node:module';
import { expect, it } from 'vitest';

// The built package, through its `exports` map, as users load it (a variable name keeps tsc on the sources).
const name = '@sse-channel/hapi';
type Package = typeof import('../src/index.js');
const require = createRequire(import.meta.url);

it('loads the built package with import', async () => {
  const { default: sseChannel, sse, SseChannel } = (await import(name)) as Package;
  expect(sseChannel.plugin).toMatchObject({ name: '@sse-channel/hapi' });
  expect(typeof sse(new SseChannel())).toBe('function');
  expect(import.meta.resolve(name)).toMatch(/dist\/index\.js$/);
});

it('loads the built package with require(), which returns the { plugin } object', () => {
  const sseChannel = require(name) as Package['default'] & Package;
  expect(sseChannel.plugin).toMatchObject({ name: '@sse-channel/hapi' });
  expect(typeof sseChannel.sse(new sseChannel.SseChannel())).toBe('function');
  expect(require.resolve(name)).toMatch(/dist\/index\.cjs$/);
});
