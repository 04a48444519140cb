import { createRequire } from 'node:module';
import { expect, it } from 'vitest';
import { itLoadsTheBuiltPackage } from '@sse-channel/testkit';

// A variable name keeps tsc on the sources.
const name = '@sse-channel/fastify';
type Package = typeof import('../src/index.js');

itLoadsTheBuiltPackage<Package>(import.meta.url, name, () => import(name), ({ default: plugin, sse, SseChannel }) => {
  expect(typeof plugin).toBe('function');
  expect(typeof sse(new SseChannel())).toBe('function');
});

it('returns the plugin itself from require(), as fastify plugins do', () => {
  const plugin = createRequire(import.meta.url)(name) as Package['default'] & Package;
  expect(plugin.default).toBe(plugin);
});
