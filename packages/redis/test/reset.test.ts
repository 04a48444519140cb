import { afterEach, describe, expect, it } from 'vitest';
import type { SseChannelOptions } from '@sse-channel/node';
import { EventStream } from '@sse-channel/testkit';
import { serveChannel, type ServedChannel } from './support/channels.js';
import { deleteKeys, REDIS_URL, uniquePrefix } from './support/redis.js';

/** What `connect` said about a client. */
interface Connected {
  lastEventId: string | undefined;
  replayed: number;
  reset: boolean;
}

// "Too far behind" through Redis: the same reset event and connect info as an in-memory channel.
describe('a Redis channel whose client is too far behind', () => {
  let prefix = '';
  let served: ServedChannel | undefined;
  let streams: EventStream[] = [];

  async function serve(options: SseChannelOptions = {}, retention = 0): Promise<{ served: ServedChannel; connects: Connected[] }> {
    prefix = uniquePrefix();
    served = await serveChannel({ autoId: true, ...options }, { url: REDIS_URL, channel: 'news', prefix, retention });
    const connects: Connected[] = [];
    served.channel.on('connect', (_channel, _req, _res, { lastEventId, replayed, reset }) => connects.push({ lastEventId, replayed, reset }));
    return { served, connects };
  }

  function stream(url: string, lastEventId: string): EventStream {
    const result = new EventStream(url, { headers: { 'Last-Event-ID': lastEventId }, types: ['sse-channel:reset', 'resync'] });
    streams.push(result);
    return result;
  }

  afterEach(async () => {
    for (const item of streams.splice(0)) item.close();
    await served?.close();
    await deleteKeys(prefix);
  });

  it('sends sse-channel:reset with its Last-Event-ID before the replay when events after it were trimmed, and says so in connect', async () => {
    const { served, connects } = await serve({ historySize: 3 });
    for (let i = 1; i <= 6; i++) await served.channel.send(`event ${i}`);
    const client = stream(served.url, '1');
    expect(await client.received(4)).toEqual([
      { type: 'sse-channel:reset', data: '1', lastEventId: '' },
      { type: 'message', data: 'event 4', lastEventId: '4' },
      { type: 'message', data: 'event 5', lastEventId: '5' },
      { type: 'message', data: 'event 6', lastEventId: '6' },
    ]);
    expect(connects).toEqual([{ lastEventId: '1', replayed: 3, reset: true }]);
    expect(served.channel.stats().resets).toBe(1);
  });

  it('names the reset event as resetEvent says', async () => {
    const { served } = await serve({ historySize: 2, resetEvent: 'resync' });
    for (let i = 1; i <= 4; i++) await served.channel.send(`event ${i}`);
    const client = stream(served.url, '1');
    expect((await client.received(3)).map((event) => event.type)).toEqual(['resync', 'message', 'message']);
  });

  it('sends no reset event when resetEvent is false, but connect still says reset', async () => {
    const { served, connects } = await serve({ historySize: 2, resetEvent: false });
    for (let i = 1; i <= 4; i++) await served.channel.send(`event ${i}`);
    const client = stream(served.url, '1');
    expect((await client.received(2)).map((event) => event.data)).toEqual(['event 3', 'event 4']);
    expect(connects).toEqual([{ lastEventId: '1', replayed: 2, reset: true }]);
  });

  it('does not reset a client whose Last-Event-ID is kept, or is the one event trimmed just before what is kept', async () => {
    const { served, connects } = await serve({ historySize: 3 });
    for (let i = 1; i <= 5; i++) await served.channel.send(`event ${i}`);
    const kept = stream(served.url, '3');
    const justTrimmed = stream(served.url, '2');
    expect((await kept.received(2)).map((event) => event.data)).toEqual(['event 4', 'event 5']);
    expect((await justTrimmed.received(3)).map((event) => event.data)).toEqual(['event 3', 'event 4', 'event 5']);
    expect(connects.map(({ reset }) => reset)).toEqual([false, false]);
  });

  it.each([
    ['0, although older events were trimmed', '0'],
    ['that is not an id it gives', 'not-an-id'],
  ])('replays everything kept, with no reset, to a Last-Event-ID %s (as the original sse-channel)', async (_, lastEventId) => {
    const { served, connects } = await serve({ historySize: 2 });
    for (let i = 1; i <= 3; i++) await served.channel.send(`event ${i}`);
    const client = stream(served.url, lastEventId);
    expect((await client.received(2)).map((event) => event.data)).toEqual(['event 2', 'event 3']);
    expect(connects).toEqual([{ lastEventId, replayed: 2, reset: false }]);
  });

  it('resets a client when the events after its Last-Event-ID are older than the retention', async () => {
    const { served, connects } = await serve({}, 300);
    for (let i = 1; i <= 3; i++) await served.channel.send(`event ${i}`);
    // Retention is a matter of time: let the events age past it (nothing is sent that would trim them).
    await new Promise((resolve) => setTimeout(resolve, 400));
    const client = stream(served.url, '1');
    expect(await client.received(1)).toEqual([{ type: 'sse-channel:reset', data: '1', lastEventId: '' }]);
    await served.channel.send('event 4');
    expect((await client.received(2))[1]).toEqual({ type: 'message', data: 'event 4', lastEventId: '4' });
    expect(connects).toEqual([{ lastEventId: '1', replayed: 0, reset: true }]);
  });

  it('does not reset a client that is up to date on a young channel', async () => {
    const { served, connects } = await serve();
    await served.channel.send('event 1');
    const client = stream(served.url, '1');
    await client.opened();
    await served.channel.send('event 2');
    expect(await client.received(1)).toEqual([{ type: 'message', data: 'event 2', lastEventId: '2' }]);
    expect(connects).toEqual([{ lastEventId: '1', replayed: 0, reset: false }]);
  });
});
