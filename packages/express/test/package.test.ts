import { expect } from 'vitest';
import { itLoadsTheBuiltPackage } from '@sse-channel/testkit';

// A variable name keeps tsc on the sources.
const name = '@sse-channel/express';

itLoadsTheBuiltPackage<typeof import('../src/index.js')>(import.meta.url, name, () => import(name), ({ sse, SseChannel }) => {
  expect(typeof sse(new SseChannel())).toBe('function');
});
