import { expect } from 'vitest';
import { itLoadsTheBuiltPackage } from '@sse-channel/testkit';

// A variable name keeps tsc on the sources.
const name = '@sse-channel/nats';

itLoadsTheBuiltPackage<typeof import('../src/index.js')>(import.meta.url, name, () => import(name), (nats) => {
  expect(nats.natsBackplane({ channel: 'news' })).toBeInstanceOf(nats.NatsBackplane);
  expect(new nats.NatsUnavailableError('x')).toBeInstanceOf(Error);
});
