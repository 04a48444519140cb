import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { EventStream, RawStream, waitFor } from '@sse-channel/testkit';
import { SseChannel as CoreChannel } from '@sse-channel/core';
import SseChannel from '@sse-channel/node';
import { redisBackplane } from '../src/index.js';
import { serveChannel, type ServedChannel } from './support/channels.js';
import { deleteKeys, REDIS_URL, uniquePrefix } from './support/redis.js';

const admin = new Redis(REDIS_URL);
afterAll(() => admin.disconnect());
let prefix = '';
let served: ServedChannel[] = [];
let streams: Array<{ close(): void }> = [];

async function serve(channel = 'news', options: Parameters<typeof serveChannel>[0] = {}, retention?: number): Promise<ServedChannel> {
  const result = await serveChannel(options, { url: REDIS_URL, channel, prefix, ...(retention !== undefined && { retention }) });
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

  test('keeps no more than historySize events in the stream and replays only those', async () => {
    const a = await serve('news', { historySize: 3 });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await a.channel.send({ id: 1, data: String(i) })) as string);
    expect(await admin.xlen(`${prefix}news`)).toBe(3);
    const client = stream(a.url, { 'Last-Event-ID': '0' });
    expect((await client.received(3)).map((event) => event.data)).toEqual(['2', '3', '4']);
    expect(client.events.map((event) => event.lastEventId)).toEqual(ids.slice(2));
  });

  test('numbers kept events 1, 2, 3… and replays the events after the Last-Event-ID header by those ids', async () => {
    const a = await serve();
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await a.channel.send({ id: 'mine', data: String(i) })) as string);
    expect(ids).toEqual(['1', '2', '3', '4']);
    const client = stream(a.url, { 'Last-Event-ID': ids[1] as string });
    expect(await client.received(2)).toEqual([
      { type: 'message', data: '2', lastEventId: ids[2] },
      { type: 'message', data: '3', lastEventId: ids[3] },
    ]);
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

  test('never lets two channels see each other’s events', async () => {
    const news = await serve('news');
    const sport = await serve('sport');
    const onNews = stream(news.url);
    const onSport = stream(sport.url);
    await Promise.all([onNews.opened(), onSport.opened()]);
    await news.channel.send({ id: 1, data: 'headline' });
    await sport.channel.send({ id: 1, data: 'score' });
    await news.channel.send('news only');
    await onNews.received(2);
    await onSport.received(1);
    const late = stream(sport.url, { 'Last-Event-ID': '0' });
    await late.received(1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(onNews.data).toEqual(['headline', 'news only']);
    expect(onSport.data).toEqual(['score']);
    expect(late.data).toEqual(['score']);
  });

  test('delivers events without an id to every process without keeping them', async () => {
    const a = await serve();
    const b = await serve();
    const client = stream(b.url);
    await client.opened();
    expect(await a.channel.send('passing')).toBeUndefined();
    expect(await client.received(1)).toEqual([{ type: 'message', data: 'passing', lastEventId: '' }]);
    expect(await admin.exists(`${prefix}news`)).toBe(0);
  });

  test('encodes data as the sending channel says and writes event and retry fields', async () => {
    const a = await serve('news', { jsonEncode: true });
    const raw = new RawStream(a.url);
    streams.push(raw);
    await raw.waitFor(':ok');
    const id = await a.channel.send({ id: 1, event: 'price', retry: 2000, data: { price: 42 } });
    await raw.waitFor('\n\n', 5000);
    expect(await raw.waitFor('price')).toContain(`event: price\nretry: 2000\nid: ${id}\ndata: {"price":42}\n\n`);
  });

  test('throws on a hostile id or event name and publishes nothing', async () => {
    const a = await serve();
    expect(() => a.channel.send({ id: 'x\nevent: evil', data: 'x' })).toThrow(TypeError);
    expect(() => a.channel.send({ event: 'a\r\nid: 9', data: 'x' })).toThrow(TypeError);
    expect(await admin.exists(`${prefix}news`)).toBe(0);
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

  test('gives a client that comes from a process ahead of this one each event once', async () => {
    const a = await serve();
    const b = await serve();
    const backplane = redisBackplane({ url: REDIS_URL, channel: 'news', prefix });
    const core = new CoreChannel<string>({ backplane, pingInterval: false });
    await backplane.ready();
    try {
      // The client's Last-Event-ID is the event just stored, which this process may not have delivered yet.
      for (let round = 0; round < 20; round++) {
        const seen = (await a.channel.send({ id: 1, data: `seen ${round}` })) as string;
        let text = '';
        const sink = { write: (chunk: Uint8Array) => ((text += Buffer.from(chunk).toString()), true), end: () => undefined };
        const request = { method: 'GET', url: '/', headers: { 'last-event-id': seen }, httpVersionMajor: 1 };
        core.accept(request, request, `client ${round}`).open(sink);
        await b.channel.send({ id: 1, data: `missed ${round}` });
        await waitFor(() => text.includes(`missed ${round}\n`), 5000, `round ${round}`);
        expect(text).not.toContain(`seen ${round}`);
        expect(text.split(`missed ${round}\n`)).toHaveLength(2);
      }
    } finally {
      core.close();
      await backplane.close();
    }
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
