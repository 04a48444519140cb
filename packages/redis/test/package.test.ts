import { expect } from 'vitest';
import { itLoadsTheBuiltPackage } from '@sse-channel/testkit';

// A variable name keeps tsc on the sources.
const name = '@sse-channel/redis';

itLoadsTheBuiltPackage<typeof import('../src/index.js')>(import.meta.url, name, () => import(name), (redis) => {
  expect(redis.redisBackplane({ channel: 'news' })).toBeInstanceOf(redis.RedisBackplane);
  expect(new redis.RedisUnavailableError('x')).toBeInstanceOf(Error);
});
