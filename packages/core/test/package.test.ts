import { expect } from 'vitest';
import { itLoadsTheBuiltPackage } from '@sse-channel/testkit';

// A variable name keeps tsc on the sources.
const name = '@sse-channel/core';

itLoadsTheBuiltPackage<typeof import('../src/index.js')>(import.meta.url, name, () => import(name), (core) => {
  expect(new TextDecoder().decode(core.encodeEvent({ id: 1, data: 'x' }))).toBe('id: 1\ndata: x\n\n');
  expect(new core.SseChannel({ pingInterval: 0 }).getConnectionCount()).toBe(0);
});
