import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { EventStream, waitFor } from '@sse-channel/testkit';
import { RedisUnavailableError, type RedisBackplane, type RedisBackplaneOptions } from '../src/index.js';
import { serveRedisChannel, type ServedRedisChannel } from './support/channels.js';
import type { SseChannelOptions } from '@sse-channel/node';
import { deleteKeys, OwnRedis, REDIS_URL, uniquePrefix } from './support/redis.js';

/** Counts a backplane's outage and recovery events. */
function watch(backplane: RedisBackplane | undefined): { outages: number; recoveries: number } {
  const seen = { outages: 0, recoveries: 0 };
  backplane?.on('outage', () => seen.outages++);
  backplane?.on('recovery', () => seen.recoveries++);
  return seen;
}

describe('when its own Redis server is killed and started again', () => {
  let redis: OwnRedis;
  let served: ServedRedisChannel[] = [];
  let streams: EventStream[] = [];

  beforeAll(async () => {
    redis = await OwnRedis.start();
  });
  afterAll(async () => {
    await redis.kill();
  });
  afterEach(async () => {
    for (const stream of streams) stream.close();
    await Promise.all(served.map((channel) => channel.close()));
    served = [];
    streams = [];
  });

  async function twoProcesses(): Promise<[ServedRedisChannel, ServedRedisChannel]> {
    const prefix = uniquePrefix();
    served = [
      await serveRedisChannel({}, { url: redis.url, channel: 'news', prefix }),
      await serveRedisChannel({}, { url: redis.url, channel: 'news', prefix }),
    ];
    return served as [ServedRedisChannel, ServedRedisChannel];
  }

  it('rejects sends during the outage, keeps local clients connected and delivers again after it', async () => {
    const [a, b] = await twoProcesses();
    const [seenA, seenB] = [watch(a.backplane), watch(b.backplane)];
    const client = new EventStream(b.url);
    streams.push(client);
    await client.opened();
    await a.channel.send({ id: 1, data: 'before' });
    await client.received(1);

    await redis.kill();
    await waitFor(() => seenA.outages === 1 && seenB.outages === 1, 5000, 'outage events');
    await expect(a.channel.send({ id: 1, data: 'during' })).rejects.toThrow(RedisUnavailableError);
    await expect(a.channel.send({ id: 1, data: 'during' })).rejects.toThrow(/not sent/);
    const oneTick = [a.channel.send({ id: 1, data: 'during' }), a.channel.send('during'), a.channel.send({ id: 1, data: 'during' })];
    for (const sent of oneTick) await expect(sent).rejects.toThrow(RedisUnavailableError);

    await redis.restart();
    await waitFor(() => seenA.recoveries === 1 && seenB.recoveries === 1, 10000, 'recovery events');
    await a.channel.send({ id: 1, data: 'after' });
    await client.received(2);
    expect(client.data).toEqual(['before', 'after']);
    expect(client.opens).toBe(1);
    expect(client.errors).toBe(0);
    expect(b.channel.getConnectionCount()).toBe(1);
  });

  it('does not crash when a send nobody awaits is rejected', async () => {
    const [a] = await twoProcesses();
    const seen = watch(a.backplane);
    await redis.kill();
    await waitFor(() => seen.outages === 1, 5000, 'the outage event');
    void a.channel.send('nobody waits for this');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await redis.restart();
    await waitFor(() => seen.recoveries === 1, 10000, 'the recovery event');
  });

  it('holds a client that connects with a Last-Event-ID during the outage until Redis is back', async () => {
    const [a, b] = await twoProcesses();
    const [seenA, seenB] = [watch(a.backplane), watch(b.backplane)];
    const lastId = await a.channel.send({ id: 1, data: 'seen before' });
    await redis.kill();
    await waitFor(() => seenB.outages === 1, 5000, 'the outage event');
    const client = new EventStream(b.url, { headers: { 'Last-Event-ID': lastId as string } });
    streams.push(client);
    await client.opened();
    await redis.restart();
    await waitFor(() => seenA.recoveries === 1 && seenB.recoveries === 1, 10000, 'the recovery events');
    await a.channel.send({ id: 1, data: 'after' });
    expect((await client.received(1)).map((event) => event.data)).toEqual(['after']);
    expect(client.opens).toBe(1);
  });
});

describe('when Redis is unreachable', () => {
  it('reports an outage and rejects sends instead of waiting', async () => {
    const served = await serveChannelWithoutRedis();
    try {
      await expect(served.channel.send({ id: 1, data: 'x' })).rejects.toThrow(RedisUnavailableError);
      expect(served.outages).toBe(1);
    } finally {
      await served.close();
    }
  });
});

async function serveChannelWithoutRedis(): Promise<ServedRedisChannel & { outages: number }> {
  const { redisBackplane } = await import('../src/index.js');
  const { default: SseChannel } = await import('@sse-channel/node');
  const backplane = redisBackplane({ url: 'redis://127.0.0.1:1', channel: 'nowhere', prefix: uniquePrefix() });
  const result = { outages: 0 };
  backplane.on('outage', () => result.outages++);
  const channel = new SseChannel({ backplane, pingInterval: false });
  await waitFor(() => result.outages === 1, 5000, 'the outage event');
  return Object.assign(result, { channel, backplane, url: '', close: () => backplane.close() });
}

/** Closed after each test: what `sharedRedisPair` opened. */
const opened: Array<() => unknown> = [];
afterEach(async () => {
  for (const close of opened.splice(0).reverse()) await close();
});

/**
 * Two processes A and B on one channel of the shared Redis under a fresh prefix, a client on B and an
 * admin connection (to kill B's subscription); all closed, and the keys deleted, after the test.
 */
async function sharedRedisPair(
  optionsA: SseChannelOptions,
  optionsB: SseChannelOptions,
  backplaneB: Partial<RedisBackplaneOptions> = {},
): Promise<{ prefix: string; a: ServedRedisChannel; b: ServedRedisChannel; client: EventStream; admin: Redis }> {
  const prefix = uniquePrefix();
  opened.push(() => deleteKeys(prefix));
  const a = await serveRedisChannel(optionsA, { url: REDIS_URL, channel: 'news', prefix });
  opened.push(() => a.close());
  const b = await serveRedisChannel(optionsB, { url: REDIS_URL, channel: 'news', prefix, ...backplaneB });
  opened.push(() => b.close());
  const admin = new Redis(REDIS_URL);
  opened.push(() => admin.disconnect());
  const client = new EventStream(b.url);
  opened.push(() => client.close());
  return { prefix, a, b, client, admin };
}

describe('when its subscribed connection is dropped while events are sent', () => {
  it('delivers every event sent meanwhile, once each and in order, after reconnecting', async () => {
    // History large enough to hold every event sent while B reconnects, so B can read them back.
    const { prefix, a, b, client, admin } = await sharedRedisPair({ historySize: 100000 }, { historySize: 100000 });
    const seen = watch(b.backplane);
    await client.opened();
    let sent = 0;
    let sending = true;
    const sender = (async () => {
      while (sending) await a.channel.send({ id: 1, data: String(sent++) });
    })();
    await waitFor(() => sent >= 20, 5000, 'events before the drop');
    await killNewestSubscriber(admin, prefix);
    await waitFor(() => seen.recoveries === 1, 10000, 'the recovery event');
    const target = sent + 20;
    await waitFor(() => sent >= target, 5000, 'events after the drop');
    sending = false;
    await sender;
    const events = await client.received(sent, 10000);
    expect(seen.outages).toBe(1);
    expect(events.map((event) => Number(event.data))).toEqual(Array.from({ length: sent }, (_, i) => i));
  });
});

describe('when more live events arrive while catching up than maxPendingEvents', () => {
  it('drops them, emits resync, reads the stream again and still delivers every kept event once, in order', async () => {
    const { prefix, a, b, client, admin } = await sharedRedisPair({ historySize: 100000, autoId: true }, { historySize: 100000 }, { maxPendingEvents: 1 });
    const resyncs: number[] = [];
    b.backplane?.on('resync', (unkept) => resyncs.push(unkept));
    const recoveries = watch(b.backplane);
    await client.opened();
    let sent = 0;
    let sending = true;
    // Twenty sends in flight at a time, so several events arrive during each catch-up.
    const senders = Array.from({ length: 20 }, async () => {
      while (sending) {
        await a.channel.send('x');
        sent++;
      }
    });
    // Each dropped subscription makes B catch up; repeat until a catch-up overflowed.
    for (let drops = 1; resyncs.length === 0 && drops <= 50; drops++) {
      await killNewestSubscriber(admin, prefix);
      await waitFor(() => recoveries.recoveries === drops, 10000, `recovery ${drops}`);
    }
    sending = false;
    await Promise.all(senders);
    expect(resyncs.length).toBeGreaterThan(0);
    expect(resyncs.every((unkept) => unkept === 0)).toBe(true);
    const events = await client.received(sent, 10000);
    expect(events.map((event) => Number(event.lastEventId))).toEqual(Array.from({ length: sent }, (_, i) => i + 1));
  });
});

describe('when events were trimmed before a process could read them back', () => {
  it('emits gap with the last event it delivered, and delivers what is still kept', async () => {
    const { prefix, a, b, client, admin } = await sharedRedisPair({ historySize: 3 }, { historySize: 3 });
    const gaps: string[] = [];
    b.backplane?.on('gap', (afterId) => gaps.push(afterId));
    await client.opened();
    const delivered = await a.channel.send({ id: 1, data: 'delivered' });
    await client.received(1);
    await killNewestSubscriber(admin, prefix);
    // Sent at once, before B reconnects (ioredis waits 50 ms before its first retry).
    await Promise.all(Array.from({ length: 10 }, (_, i) => a.channel.send({ id: 1, data: `missed ${i}` })));
    await client.received(4, 10000);
    expect(gaps).toEqual([delivered]);
    expect(client.data).toEqual(['delivered', 'missed 7', 'missed 8', 'missed 9']);
  });
});

/** Kills the subscribed connection of the channel's newest backplane (the one created last). */
async function killNewestSubscriber(admin: Redis, prefix: string): Promise<void> {
  const list = (await admin.client('LIST')) as string;
  const subscribers = list
    .split('\n')
    .filter((line) => line.includes(`name=sse-channel:${prefix}news `) && / sub=1 /.test(line))
    .map((line) => Number(/\bid=(\d+)/.exec(line)?.[1]));
  await admin.client('KILL', 'ID', String(Math.max(...subscribers)));
}
