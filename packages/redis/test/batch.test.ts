import { afterEach, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { EventStream, waitFor } from '@sse-channel/testkit';
import { SseChannel as CoreChannel } from '@sse-channel/core';
import { redisBackplane } from '../src/index.js';
import { MAX_BATCH_EVENTS } from '../src/PublishBatch.js';
import { serveRedisChannel, type ServedRedisChannel } from './support/channels.js';
import { deleteKeys, REDIS_URL, uniquePrefix } from './support/redis.js';

describe('the broadcasts of one tick', () => {
  let prefix = '';
  let served: ServedRedisChannel[] = [];
  let closers: Array<{ close(): unknown } | { disconnect(): void }> = [];

  afterEach(async () => {
    await Promise.all(closers.map((item) => ('close' in item ? item.close() : item.disconnect())));
    await Promise.all(served.map((item) => item.close()));
    await deleteKeys(prefix);
    served = [];
    closers = [];
  });

  async function serve(options: Parameters<typeof serveRedisChannel>[0] = {}): Promise<ServedRedisChannel> {
    const result = await serveRedisChannel(options, { url: REDIS_URL, channel: 'news', prefix });
    served.push(result);
    return result;
  }

  /** Records every pub/sub message of the channel, as Redis hands it to a subscriber. */
  async function listenToChannel(): Promise<string[]> {
    const subscriber = new Redis(REDIS_URL);
    closers.push(subscriber);
    const messages: string[] = [];
    subscriber.on('message', (_channel: string, message: string) => messages.push(message));
    await subscriber.subscribe(`${prefix}news`);
    return messages;
  }

  it('travel through Redis as one message, and each send resolves with its own id', async () => {
    prefix = uniquePrefix();
    const a = await serve();
    const messages = await listenToChannel();
    const ids = await Promise.all([a.channel.send({ id: 1, data: 'one' }), a.channel.send('not kept'), a.channel.send({ id: 1, data: 'two' })]);
    expect(ids).toEqual(['1', undefined, '2']);
    await waitFor(() => messages.length === 1, 5000, 'the message');
    expect(messages[0]?.split('\n')).toEqual(['1-0 {"data":"one"}', ' {"data":"not kept"}', '2-0 {"data":"two"}']);
  });

  it('reach the clients of another process in one write, in order', async () => {
    prefix = uniquePrefix();
    const a = await serve();
    const backplane = redisBackplane({ url: REDIS_URL, channel: 'news', prefix });
    const b = new CoreChannel<string>({ backplane, pingInterval: false });
    closers.push(b, backplane);
    await backplane.ready();
    const writes: string[] = [];
    const sink = { write: (chunk: Uint8Array) => (writes.push(Buffer.from(chunk).toString()), true), end: () => undefined };
    const request = { method: 'GET', url: '/', headers: {}, httpVersionMajor: 1 };
    b.accept(request, request, 'client').open(sink);
    await waitFor(() => writes.length === 1, 5000, ':ok');
    // Large enough that Redis's one message takes several socket reads to arrive.
    const count = 500;
    const data = 'x'.repeat(200);
    await Promise.all(Array.from({ length: count }, () => a.channel.send({ id: 1, data })));
    await waitFor(() => writes.join('').split('\n\n').length > count + 1, 5000, 'every event');
    expect(writes).toHaveLength(2);
    expect(writes[1]?.match(/^id: \d+$/gm)).toEqual(Array.from({ length: count }, (_, i) => `id: ${i + 1}`));
  });

  it(`go in messages of at most ${MAX_BATCH_EVENTS} events, all delivered in order with their ids`, async () => {
    prefix = uniquePrefix();
    const a = await serve({ historySize: 5000 });
    const b = await serve({ historySize: 5000 });
    const client = new EventStream(b.url);
    closers.push(client);
    await client.opened();
    const messages = await listenToChannel();
    const count = MAX_BATCH_EVENTS * 2 + 500;
    const ids = await Promise.all(Array.from({ length: count }, (_, i) => a.channel.send({ id: 1, data: String(i) })));
    const expected = Array.from({ length: count }, (_, i) => String(i + 1));
    expect(ids).toEqual(expected);
    const events = await client.received(count, 10000);
    expect(events.map((event) => event.lastEventId)).toEqual(expected);
    expect(events.map((event) => Number(event.data))).toEqual(expected.map((id) => Number(id) - 1));
    await waitFor(() => messages.length === 3, 5000, 'three messages');
    expect(messages.map((message) => message.split('\n').length)).toEqual([MAX_BATCH_EVENTS, MAX_BATCH_EVENTS, 500]);
  });

  it('are delivered when an older version published them one per message, and a bad line skips only itself', async () => {
    prefix = uniquePrefix();
    const a = await serve();
    const skipped: Error[] = [];
    a.backplane?.on('skipped', (error) => skipped.push(error));
    const client = new EventStream(a.url);
    closers.push(client);
    await client.opened();
    const admin = new Redis(REDIS_URL);
    closers.push(admin);
    await admin.publish(`${prefix}news`, '1-0 {"data":"alone"}');
    await admin.publish(`${prefix}news`, '2-0 {"data":"first"}\nnot an event\n3-0 {"data":"last"}');
    await client.received(3);
    expect(client.events.map((event) => [event.lastEventId, event.data])).toEqual([
      ['1', 'alone'],
      ['2', 'first'],
      ['3', 'last'],
    ]);
    expect(skipped).toHaveLength(1);
  });
});
