import { afterEach, describe, expect, it } from 'vitest';
import type { SseChannelOptions } from '@sse-channel/node';
import { EventStream } from '@sse-channel/testkit';
import { serveRedisChannel, type ServedRedisChannel } from './support/channels.js';
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
  let served: ServedRedisChannel | undefined;
  let streams: EventStream[] = [];

  async function serve(options: SseChannelOptions = {}, retention = 0): Promise<{ served: ServedRedisChannel; connects: Connected[] }> {
    prefix = uniquePrefix();
    served = await serveRedisChannel({ autoId: true, ...options }, { url: REDIS_URL, channel: 'news', prefix, retention });
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

});
