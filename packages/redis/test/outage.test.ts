import { afterEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import SseChannel, { type SseChannelOptions } from '@sse-channel/node';
import { EventStream, waitFor } from '@sse-channel/testkit';
import { runOutageConformance } from '@sse-channel/testkit/backplane';
import { redisBackplane, RedisUnavailableError, type RedisBackplane, type RedisBackplaneOptions } from '../src/index.js';
import { serveRedisChannel, type ServedRedisChannel } from './support/channels.js';
import { deleteKeys, OwnRedis, REDIS_URL, uniquePrefix } from './support/redis.js';

runOutageConformance<RedisBackplane>({
  name: 'Redis',
  start: () => OwnRedis.start(),
  create: (url, prefix, channel) => redisBackplane({ url, channel, prefix }),
  channel: (settings, backplane) => new SseChannel({ ...settings, ...(backplane && { backplane }) }),
  unavailable: RedisUnavailableError,
  nowhere: 'redis://127.0.0.1:1',
  restartKeepsData: false,
});

/** Counts a backplane's outage and recovery events. */
function watch(backplane: RedisBackplane | undefined): { outages: number; recoveries: number } {
  const seen = { outages: 0, recoveries: 0 };
  backplane?.on('outage', () => seen.outages++);
  backplane?.on('recovery', () => seen.recoveries++);
  return seen;
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
