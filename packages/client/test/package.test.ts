import { expect } from 'vitest';
import { itLoadsTheBuiltPackage } from '@sse-channel/testkit';

// A variable name keeps tsc on the sources.
const name = '@sse-channel/client';
type Package = typeof import('../src/index.js');

itLoadsTheBuiltPackage<Package>(import.meta.url, name, () => import(name), (client) => {
  expect(typeof client.createClient).toBe('function');
  expect(new client.ResponseError(new Response(null, { status: 401 })).status).toBe(401);
});
