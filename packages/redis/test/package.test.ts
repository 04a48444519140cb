import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

describe('the built package', () => {
  it('loads with import', async () => {
    const loaded = await import('@sse-channel/redis');
    expect(typeof loaded.redisBackplane).toBe('function');
    expect(typeof loaded.RedisBackplane).toBe('function');
    expect(new loaded.RedisUnavailableError('x')).toBeInstanceOf(Error);
  });

  it('loads with require()', () => {
    const loaded = createRequire(import.meta.url)('@sse-channel/redis') as typeof import('@sse-channel/redis');
    expect(typeof loaded.redisBackplane).toBe('function');
    expect(loaded.redisBackplane({ channel: 'news' })).toBeInstanceOf(loaded.RedisBackplane);
  });
});
