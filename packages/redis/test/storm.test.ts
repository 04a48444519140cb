import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { EventStream } from '@sse-channel/testkit';
import { serveRedisChannel } from './support/channels.js';
import { OwnRedis, uniquePrefix } from './support/redis.js';

// Its own Redis, so the XRANGE count is this test's alone.
describe('a reconnect storm', () => {
  let redis: OwnRedis;
  let admin: Redis;

  beforeAll(async () => {
    redis = await OwnRedis.start();
    admin = new Redis(redis.url);
  });
  afterAll(async () => {
    admin.disconnect();
    await redis.kill();
  });

  async function xrangeCalls(): Promise<number> {
    const stats = (await admin.info('commandstats')) as string;
    return Number(/cmdstat_xrange:calls=(\d+)/.exec(stats)?.[1] ?? 0);
  }

  it('serves clients that reconnect from the same event with one stream read, and reads again once an event arrives', async () => {
    const served = await serveRedisChannel({ autoId: true }, { url: redis.url, channel: 'news', prefix: uniquePrefix() });
    const streams: EventStream[] = [];
    try {
      for (let i = 1; i <= 5; i++) await served.channel.send(`event ${i}`);
      const before = await xrangeCalls();
      for (let i = 0; i < 20; i++) streams.push(new EventStream(served.url, { headers: { 'Last-Event-ID': '3' } }));
      for (const stream of streams) expect((await stream.received(2)).map((event) => event.data)).toEqual(['event 4', 'event 5']);
      // Twenty clients, one read (two if the storm outlasted the reuse window on a busy machine).
      expect((await xrangeCalls()) - before).toBeLessThanOrEqual(2);
      await served.channel.send('event 6');
      const later = new EventStream(served.url, { headers: { 'Last-Event-ID': '3' } });
      streams.push(later);
      expect((await later.received(3)).map((event) => event.data)).toEqual(['event 4', 'event 5', 'event 6']);
    } finally {
      for (const stream of streams) stream.close();
      await served.close();
    }
  });
});
