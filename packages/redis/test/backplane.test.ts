import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { EventStream, RawStream, waitFor } from '@sse-channel/testkit';
import { SseChannel as CoreChannel } from '@sse-channel/core';
import SseChannel from '@sse-channel/node';
import { redisBackplane } from '../src/index.js';
import { serveRedisChannel, type ServedRedisChannel } from './support/channels.js';
import { deleteKeys, REDIS_URL, uniquePrefix } from './support/redis.js';

const admin = new Redis(REDIS_URL);
afterAll(() => admin.disconnect());
let prefix = '';
let served: ServedRedisChannel[] = [];
let streams: Array<{ close(): void }> = [];

async function serve(channel = 'news', options: Parameters<typeof serveRedisChannel>[0] = {}, retention?: number): Promise<ServedRedisChannel> {
  const result = await serveRedisChannel(options, { url: REDIS_URL, channel, prefix, ...(retention !== undefined && { retention }) });
  served.push(result);
  return result;
}

function stream(url: string, headers: Record<string, string> = {}): EventStream {
  const result = new EventStream(url, { headers });
  streams.push(result);
  return result;
}

describe('the Redis backplane', () => {
  afterEach(async () => {
    for (const item of streams) item.close();
    await Promise.all(served.map((item) => item.close()));
    await deleteKeys(prefix);
    served = [];
    streams = [];
  });
  // A fresh prefix per test, set before the test starts serving.
  const test = (name: string, body: () => Promise<void>) =>
    it(name, async () => {
      prefix = uniquePrefix();
      await body();
    });

  test('drops events older than the retention from the history', async () => {
    const a = await serve('news', {}, 300);
    await a.channel.send({ id: 1, data: 'old' });
    // Retention is a matter of time: let the first event age past it.
    await new Promise((resolve) => setTimeout(resolve, 400));
    await a.channel.send({ id: 1, data: 'new' });
    expect(await admin.xlen(`${prefix}news`)).toBe(1);
    expect(await admin.pttl(`${prefix}news`)).toBeGreaterThan(0);
    const client = stream(a.url, { 'Last-Event-ID': '0' });
    expect((await client.received(1)).map((event) => event.data)).toEqual(['new']);
  });

  test('skips foreign and malformed entries with a skipped event, and goes on', async () => {
    const a = await serve();
    const skipped: Error[] = [];
    a.backplane?.on('skipped', (error) => skipped.push(error));
    const client = stream(a.url);
    await client.opened();
    const key = `${prefix}news`;
    await admin.xadd(key, '*', 'foreign', 'field');
    await admin.xadd(key, '*', 'sse', 'not json');
    await admin.xadd(key, '*', 'sse', JSON.stringify({ event: 'bad\nname', data: 'x' }));
    await admin.publish(key, 'garbage without an id');
    await admin.publish(key, '123 {"data":"an id that is not a stream id"}');
    await a.channel.send({ id: 1, data: 'good' });
    await client.received(1);
    const late = stream(a.url, { 'Last-Event-ID': '0' });
    await late.received(1);
    await waitFor(() => skipped.length === 5, 5000, 'five skipped events');
    expect(client.data).toEqual(['good']);
    expect(late.data).toEqual(['good']);
  });

  test('releases every Redis connection it opened on close, and leaves a given client open', async () => {
    const client = new Redis(REDIS_URL);
    const backplane = redisBackplane({ client, channel: 'news', prefix });
    const channel = new SseChannel({ backplane });
    await backplane.ready();
    const named = async () => ((await admin.client('LIST')) as string).split('\n').filter((line) => line.includes(`name=sse-channel:${prefix}news `));
    expect(await named()).toHaveLength(2);
    expect(await channel.send({ id: 1, data: 'x' })).toBe('1');
    await backplane.close();
    // Redis notices closed sockets on its own schedule: ask until it has.
    for (let tries = 0; (await named()).length > 0 && tries < 100; tries++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await named()).toHaveLength(0);
    expect(await client.ping()).toBe('PONG');
    await expect(channel.send({ id: 1, data: 'y' })).rejects.toThrow(/closed/);
    client.disconnect();
  });
});

describe('options', () => {
  it('rejects a backplane that is not one, naming the option', () => {
    expect(() => new SseChannel({ backplane: {} as never })).toThrow(/backplane must be an object with open, publish and replay methods/);
  });

  it('rejects pre-loaded history together with a backplane', () => {
    const backplane = redisBackplane({ channel: 'x' });
    expect(() => new SseChannel({ backplane, history: [{ id: 1, data: 'x' }] })).toThrow(RangeError);
  });

  it('rejects invalid Redis options, naming the option and the value', () => {
    expect(() => redisBackplane({ channel: '' })).toThrow('channel must be a non-empty string (got "")');
    expect(() => redisBackplane({ channel: 'x', url: 'http://x' })).toThrow('url must be a redis:// or rediss:// URL (got "http://x")');
    expect(() => redisBackplane({ channel: 'x', retention: -1 })).toThrow('retention must be an integer >= 0 (ms) (got -1)');
  });

  it('serves one channel only', () => {
    const backplane = redisBackplane({ channel: 'x', url: 'redis://127.0.0.1:1' });
    const channel = new SseChannel({ backplane });
    expect(() => new SseChannel({ backplane })).toThrow(/already serves a channel/);
    channel.close();
    return backplane.close();
  });
});
