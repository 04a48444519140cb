import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { EventStream } from '@sse-channel/testkit';
import { serveRedisChannel, type ServedRedisChannel } from './support/channels.js';
import { deleteKeys, OwnRedis, REDIS_URL, uniquePrefix } from './support/redis.js';

const admin = new Redis(REDIS_URL);
afterAll(() => admin.disconnect());

describe('ids of a Redis channel', () => {
  let prefix = '';
  let served: ServedRedisChannel[] = [];
  let streams: EventStream[] = [];

  afterEach(async () => {
    for (const stream of streams.splice(0)) stream.close();
    await Promise.all(served.splice(0).map((item) => item.close()));
    await deleteKeys(prefix);
  });

  it('continue after the last kept event when the counter key is gone', async () => {
    prefix = uniquePrefix();
    const a = await serveRedisChannel({ autoId: true }, { url: REDIS_URL, channel: 'news', prefix });
    served.push(a);
    for (const data of ['one', 'two', 'three']) await a.channel.send(data);
    await admin.del(`${prefix}news:last-id`);
    expect(await a.channel.send('four')).toBe('4');
    const client = new EventStream(a.url, { headers: { 'Last-Event-ID': '2' } });
    streams.push(client);
    expect((await client.received(2)).map((event) => event.data)).toEqual(['three', 'four']);
  });

  it('trims by retention with counted ids, keeping the young events', async () => {
    prefix = uniquePrefix();
    const a = await serveRedisChannel({ autoId: true }, { url: REDIS_URL, channel: 'news', prefix, retention: 300 });
    served.push(a);
    for (let i = 0; i < 20; i++) await a.channel.send(`old ${i}`);
    // Retention is a matter of time: let those age past it.
    await new Promise((resolve) => setTimeout(resolve, 400));
    for (let i = 0; i < 3; i++) await a.channel.send(`young ${i}`);
    const entries = (await admin.xrange(`${prefix}news`, '-', '+')) as Array<[string, string[]]>;
    expect(entries.map(([id]) => id)).toEqual(['21-0', '22-0', '23-0']);
    expect(await admin.get(`${prefix}news:last-id`)).toBe('23');
  });
});

describe('ids when Redis lost its data', () => {
  it('never go backwards: they continue after the greatest id the sending process delivered', async () => {
    const redis = await OwnRedis.start();
    const prefix = uniquePrefix();
    const a = await serveRedisChannel({ autoId: true }, { url: redis.url, channel: 'news', prefix });
    const recovered = new Promise<void>((resolve) => a.backplane?.once('recovery', () => resolve()));
    try {
      for (let i = 0; i < 5; i++) await a.channel.send(`before ${i}`);
      await redis.kill();
      await redis.restart();
      await recovered;
      expect(await a.channel.send('after')).toBe('6');
      expect(await a.channel.send('later')).toBe('7');
    } finally {
      a.channel.close();
      await a.backplane?.close();
      await redis.kill();
    }
  });
});
