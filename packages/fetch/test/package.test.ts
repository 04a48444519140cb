import { expect } from 'vitest';
import { itLoadsTheBuiltPackage } from '@sse-channel/testkit';

// A variable name keeps tsc on the sources.
const name = '@sse-channel/fetch';

itLoadsTheBuiltPackage<typeof import('../src/index.js')>(import.meta.url, name, () => import(name), (fetchAdapter) => {
  const channel = new fetchAdapter.SseChannel();
  expect(channel.response(new Request('http://127.0.0.1/events', { method: 'HEAD' })).status).toBe(200);
  expect(typeof fetchAdapter.sseResponse).toBe('function');
  expect(typeof fetchAdapter.sse).toBe('function');
});
