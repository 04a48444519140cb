import { createRequire } from 'node:module';
import { expect, it } from 'vitest';
import { itLoadsTheBuiltPackage } from '@sse-channel/testkit';

// A variable name keeps tsc on the sources.
const name = '@sse-channel/node';
type Package = typeof import('../src/index.js');

itLoadsTheBuiltPackage<Package>(import.meta.url, name, () => import(name), (node) => {
  expect(node.default).toBe(node.SseChannel);
  expect(typeof new node.SseChannel({ pingInterval: 0 }).addClient).toBe('function');
  expect(typeof node.encodeEvent).toBe('function');
});

it("returns the SseChannel class itself from require(), as require('sse-channel') did", () => {
  const SseChannel = createRequire(import.meta.url)(name) as Package['SseChannel'] & Package;
  expect(SseChannel.SseChannel).toBe(SseChannel);
  expect(typeof new SseChannel({ pingInterval: 0 }).addClient).toBe('function');
});
