import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { EventStream, RawStream } from '@sse-channel/testkit';
import { serveChannel, type ServedChannel } from './support/channels.js';
import { deleteKeys, REDIS_URL, uniquePrefix } from './support/redis.js';

// The same channel scenarios, in memory and through Redis: a backplane changes where events and
// ids come from, not what clients get.
describe.each([
  ['in memory', false],
  ['through Redis', true],
])('a channel %s', (_name, withRedis) => {
  let served: ServedChannel | undefined;
  let prefix = '';
  const closers: Array<{ close(): void }> = [];

  async function serve(options: Parameters<typeof serveChannel>[0] = {}): Promise<ServedChannel> {
    prefix = uniquePrefix();
    served = await serveChannel(options, withRedis ? { url: REDIS_URL, channel: 'news', prefix } : undefined);
    return served;
  }

  afterEach(async () => {
    for (const closer of closers.splice(0)) closer.close();
    await served?.close();
    await deleteKeys(prefix);
  });

  it('sends every broadcast to every client, in order', async () => {
    const { channel, url } = await serve();
    const clients = [new EventStream(url), new EventStream(url)];
    closers.push(...clients);
    await Promise.all(clients.map((client) => client.opened()));
    for (let i = 0; i < 10; i++) await channel.send({ id: i + 1, data: `event ${i}` });
    for (const client of clients) {
      expect((await client.received(10)).map((event) => event.data)).toEqual(Array.from({ length: 10 }, (_, i) => `event ${i}`));
    }
  });

  it('replays the events after the Last-Event-ID header, once each', async () => {
    const { channel, url } = await serve();
    const first = new EventStream(url);
    closers.push(first);
    await first.opened();
    for (let i = 0; i < 3; i++) await channel.send({ id: i + 1, data: String(i) });
    const seen = await first.received(3);
    const late = new EventStream(url, { headers: { 'Last-Event-ID': seen[0]!.lastEventId } });
    closers.push(late);
    await late.opened();
    await channel.send({ id: 4, data: '3' });
    expect((await late.received(3)).map((event) => event.data)).toEqual(['1', '2', '3']);
    expect(late.events.map((event) => event.lastEventId)).toEqual([...seen.slice(1), (await first.received(4))[3]!].map((e) => e.lastEventId));
  });

  it('starts the stream with :ok and the retry hint, and sends private messages only to their recipient', async () => {
    const { channel, url } = await serve({ retryTimeout: 1500 });
    const connected = new Promise<ServerResponse>((resolve) => channel.once('connect', (_channel, _req, res) => resolve(res)));
    const raw = new RawStream(url, { 'Last-Event-ID': '0' });
    const handle = await connected;
    const other = new RawStream(url);
    closers.push(raw, other);
    await raw.waitFor(':ok\n\nretry: 1500\n');
    await other.waitFor(':ok');
    channel.send('just you', [handle]);
    await raw.waitFor('data: just you\n\n');
    await channel.send('everyone');
    await other.waitFor('data: everyone\n\n');
    expect(other.body).not.toContain('just you');
  });
});
