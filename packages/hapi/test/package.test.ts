import { expect } from 'vitest';
import { itLoadsTheBuiltPackage } from '@sse-channel/testkit';

// A variable name keeps tsc on the sources.
const name = '@sse-channel/hapi';

// Loaded either way, the package is itself a `{ plugin }` object to register.
itLoadsTheBuiltPackage<typeof import('../src/index.js')>(import.meta.url, name, () => import(name), (loaded) => {
  expect(loaded.plugin).toMatchObject({ name: '@sse-channel/hapi' });
  expect(loaded.default.plugin).toBe(loaded.plugin);
  expect(typeof loaded.sse(new loaded.SseChannel())).toBe('function');
});
