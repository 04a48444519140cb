// The original sse-channel 4.0.2 test suite, case by case, against real servers and clients.
import { IncomingMessage, ServerResponse } from 'node:http';
import { waitFor, type ReceivedEvent } from '@sse-channel/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { SseChannel, type SseChannelOptions, type SseMessage } from '../src/index.js';
import { cleanup, nextConnect, openEvents, openRaw, sendSix, serve } from './fixture.js';

afterEach(cleanup);

/** Sends `end` to every client as it connects, after its replay: what arrives before it is the replay. */
function endEachReplay(channel: SseChannel): void {
  channel.on('connect', () => channel.send('end'));
}

/** The first event a real EventSource client receives from a channel that sends `message` as it connects. */
async function firstEvent(message: SseMessage, options?: SseChannelOptions): Promise<ReceivedEvent | undefined> {
  const { channel, url } = await serve(options);
  channel.on('connect', () => channel.send(message));
  const [event] = await openEvents(url).received(1);
  return event;
}

/** The data of the events a stream received before `end`. */
async function replayed(stream: ReturnType<typeof openEvents>): Promise<string[]> {
  await waitFor(() => stream.data.includes('end'), 5000, 'the end of the replay');
  return stream.data.slice(0, stream.data.indexOf('end'));
}

describe('sse-channel parity', () => {
  it('can be constructed without options', () => {
    const channel = new SseChannel();
    expect(channel.getConnectionCount()).toBe(0);
    channel.close();
  });

  it('broadcasts a simple message', async () => {
    expect((await firstEvent('First event!'))?.data).toBe('First event!');
  });

  it('dispatches an event without a name as "message"', async () => {
    expect((await firstEvent('Moo'))?.type).toBe('message');
  });

  it('calls the addClient callback without an error on a later tick, after the initial data was written', async () => {
    let returned = false;
    const writes: string[] = [];
    let seen: { error: Error | undefined; returned: boolean; writes: string[] } | undefined;
    await serve(
      { retryTimeout: 1000 },
      {
        handler: (_req, res, addClient) => {
          const write = res.write.bind(res) as (chunk: Uint8Array) => boolean;
          res.write = ((chunk: Uint8Array) => {
            writes.push(Buffer.from(chunk).toString());
            return write(chunk);
          }) as typeof res.write;
          addClient();
          returned = true;
        },
        callback: (error) => (seen = { error, returned, writes: writes.slice() }),
      },
    ).then(({ url }) => openRaw(url));
    await waitFor(() => seen !== undefined);
    expect(seen).toEqual({ error: undefined, returned: true, writes: [':ok\n\nretry: 1000\n'] });
  });

  it('calls the addClient callback with an Error when the request is refused', async () => {
    let seen: Error | undefined;
    const { url } = await serve({ cors: { origins: ['http://allowed.example'] } }, { callback: (error) => (seen = error) });
    const raw = openRaw(url, { Origin: 'http://imbo.io' });
    await waitFor(() => seen !== undefined);
    expect(seen).toBeInstanceOf(Error);
    await raw.waitForHead();
    expect(raw.status).toBe(403);
  });

  it('sends to specific clients only, and keeps those events out of history', async () => {
    const { channel, url } = await serve();
    const first = openEvents(url);
    await first.opened();
    const connected = nextConnect(channel);
    const second = openEvents(url);
    const [, res] = await connected;
    await second.opened();
    channel.send({ id: 1, data: 'Private' }, [res]);
    channel.send({ id: 2, data: 'Public' });
    await second.received(2);
    await first.received(1);
    expect(second.data).toEqual(['Private', 'Public']);
    expect(first.data).toEqual(['Public']);
    const late = openEvents(url, { headers: { 'Last-Event-ID': '0' } });
    endEachReplay(channel);
    expect(await replayed(late)).toEqual(['Public']);
  });

  it('broadcasts events with an id and an event name', async () => {
    const { channel, url } = await serve();
    channel.on('connect', () => channel.send({ event: 'drink', data: 'Reign in Citra', id: 1337 }));
    const stream = openEvents(url, { types: ['drink'] });
    expect(await stream.received(1)).toEqual([{ type: 'drink', data: 'Reign in Citra', lastEventId: '1337' }]);
  });

  it('makes clients reconnect after the time given to retry()', async () => {
    const { channel, url } = await serve({ retryTimeout: 10_000 });
    const connected = nextConnect(channel);
    const stream = openEvents(url);
    await connected;
    await stream.opened();
    channel.retry(300);
    const reconnected = nextConnect(channel);
    const closedAt = Date.now();
    channel.close();
    await reconnected;
    const elapsed = Date.now() - closedAt;
    expect(elapsed).toBeGreaterThanOrEqual(150);
    expect(elapsed).toBeLessThan(3000);
  });

  it.each([
    ['the Last-Event-ID header', '', { 'Last-Event-ID': '1337' }],
    ['the evs_last_event_id query parameter', '?evs_last_event_id=1337', {}],
    ['the lastEventId query parameter', '?lastEventId=1337', {}],
  ])('replays history after %s', async (_, query, headers) => {
    const { channel, url } = await serve();
    sendSix(channel);
    endEachReplay(channel);
    const stream = openEvents(url + query, { headers });
    expect(await replayed(stream)).toEqual(['Event #1338', 'Event #1339', 'Event #1340', 'Event #1341', 'Event #1342', 'Event #1343']);
  });

  it('sends no history to a client without a last event id', async () => {
    const { channel, url } = await serve();
    sendSix(channel);
    channel.on('connect', () => channel.send('Boom'));
    const stream = openEvents(url);
    expect((await stream.received(1))[0]?.data).toBe('Boom');
  });

  it('replays only the events after the given id', async () => {
    const { channel, url } = await serve();
    sendSix(channel);
    endEachReplay(channel);
    const stream = openEvents(`${url}?lastEventId=1339`);
    expect(await replayed(stream)).toEqual(['Event #1340', 'Event #1341', 'Event #1342', 'Event #1343']);
  });

  it('keeps only the latest event with the same id', async () => {
    const { channel, url } = await serve();
    for (let n = 1; n <= 6; n++) channel.send({ id: 1337, data: `Version ${n}` });
    endEachReplay(channel);
    const stream = openEvents(`${url}?lastEventId=1330`);
    expect(await replayed(stream)).toEqual(['Version 6']);
  });

  it('keeps at most historySize events', async () => {
    const { channel, url } = await serve({ historySize: 5 });
    for (let id = 101; id <= 200; id++) channel.send({ id, data: `Event #${id}` });
    endEachReplay(channel);
    const stream = openEvents(`${url}?lastEventId=110`);
    expect(await replayed(stream)).toEqual(['Event #196', 'Event #197', 'Event #198', 'Event #199', 'Event #200']);
  });

  it('replays a history given at construction, the newest historySize of it', async () => {
    const history = Array.from({ length: 10 }, (_, n) => ({ id: 1338 + n, data: `Event #${1338 + n}` }));
    const { channel, url } = await serve({ historySize: 5, history });
    endEachReplay(channel);
    const stream = openEvents(`${url}?lastEventId=1`);
    expect(await replayed(stream)).toEqual(['Event #1343', 'Event #1344', 'Event #1345', 'Event #1346', 'Event #1347']);
  });

  it('counts its connections', async () => {
    const { channel, url } = await serve();
    expect(channel.getConnectionCount()).toBe(0);
    await openEvents(url).opened();
    expect(channel.getConnectionCount()).toBe(1);
    const second = openEvents(url);
    await second.opened();
    expect(channel.getConnectionCount()).toBe(2);
    second.close();
    await waitFor(() => channel.getConnectionCount() === 1);
  });

  it('pings automatically every pingInterval', async () => {
    const { url } = await serve({ pingInterval: 25 });
    const raw = openRaw(url, { Accept: 'text/event-stream' });
    const body = await raw.waitFor((text) => text.split(':\n').length - 1 >= 5);
    expect(body.startsWith(':ok\n\n:\n:\n:\n:\n:\n')).toBe(true);
  });

  it('sends the 2 KiB preamble when the client asks for it', async () => {
    const { url } = await serve();
    const raw = openRaw(`${url}?evs_preamble=1`);
    await raw.waitFor('-\n');
    expect(raw.body).toBe(`:ok\n\n:${'-'.repeat(2056)}\n`);
  });

  it('JSON-encodes arrays, objects and strings with jsonEncode', async () => {
    const { channel, url } = await serve({ jsonEncode: true });
    channel.on('connect', () => {
      channel.send({ data: ['foo', 'bar'] });
      channel.send({ data: { foo: 'bar' } });
      channel.send({ data: 'Foobar' });
    });
    const stream = openEvents(url);
    await stream.received(3);
    expect(stream.data.map((data) => JSON.parse(data) as unknown)).toEqual([['foo', 'bar'], { foo: 'bar' }, 'Foobar']);
  });

  it('does not JSON-encode data by default', async () => {
    expect((await firstEvent({ data: { foo: 'bar' } }))?.data).toBe('[object Object]');
  });

  it('JSON-encodes a plain string message with jsonEncode', async () => {
    expect((await firstEvent('foobar', { jsonEncode: true }))?.data).toBe('"foobar"');
  });

  it('sends a plain string message as it is without jsonEncode', async () => {
    expect((await firstEvent('foobar'))?.data).toBe('foobar');
  });

  it('sends missing data as an empty string', async () => {
    expect((await firstEvent({ id: 1337 }))?.data).toBe('');
  });

  it('JSON-encodes a missing data property as "" with jsonEncode', async () => {
    const { channel, url } = await serve({ jsonEncode: true });
    channel.on('connect', () => channel.send({ event: 'restart' }));
    const stream = openEvents(url, { types: ['restart'] });
    expect(await stream.received(1)).toEqual([{ type: 'restart', data: '""', lastEventId: '' }]);
  });

  it('keeps multi-line data intact', async () => {
    const text = ['Line 1', 'Line 2', '', 'Line 4', 'Line 5\n\n\n', 'Line ..9?'].join('\n');
    expect((await firstEvent(text))?.data).toBe(text);
  });

  it('sends no CORS headers by default, and serves every origin', async () => {
    const { url } = await serve();
    const raw = openRaw(url, { Origin: 'http://imbo.io' });
    await raw.waitFor(':ok\n\n');
    expect(raw.status).toBe(200);
    expect(raw.header('access-control-allow-origin')).toBeUndefined();
  });

  it("answers an allowed origin's preflight with its CORS headers", async () => {
    const { url } = await serve({ cors: { origins: ['http://imbo.io'] } });
    const raw = openRaw(
      url,
      { Accept: 'text/event-stream', Origin: 'http://imbo.io', 'Last-Event-ID': '1337', 'Access-Control-Request-Method': 'GET' },
      'OPTIONS',
    );
    await raw.waitForHead();
    expect(raw.status).toBe(204);
    expect(raw.header('access-control-allow-origin')).toBe('http://imbo.io');
    expect(raw.header('access-control-allow-headers')).toBe('Last-Event-ID');
  });

  it('sends no CORS headers with cors: false', async () => {
    const { url } = await serve({ cors: false });
    const raw = openRaw(url, { Origin: 'http://imbo.io', 'Access-Control-Request-Method': 'GET' }, 'OPTIONS');
    await raw.waitForHead();
    expect(raw.head).not.toMatch(/access-control/i);
  });

  it('sends the initial retry when retryTimeout is set', async () => {
    const { url } = await serve({ retryTimeout: 3000 });
    const raw = openRaw(url);
    expect(await raw.waitFor('retry: 3000\n')).toBe(':ok\n\nretry: 3000\n');
  });

  it('writes event, retry, id and data of one event in that order', async () => {
    const { channel, url } = await serve();
    const raw = openRaw(url);
    await raw.waitFor(':ok\n\n');
    channel.send({ retry: 1800, id: 1337, event: 'drink', data: 'Reign in Citra' });
    expect(await raw.waitFor('Citra\n\n')).toBe(':ok\n\nevent: drink\nretry: 1800\nid: 1337\ndata: Reign in Citra\n\n');
  });

  it('calls flush() after each write batch when the response has one', async () => {
    const calls: string[] = [];
    const history = [
      { id: 1338, data: 'Event #1338' },
      { id: 1339, data: 'Event #1339' },
    ];
    const { channel, url } = await serve(
      { history },
      {
        handler: (_req, res, addClient) => {
          const write = res.write.bind(res) as (chunk: Uint8Array) => boolean;
          res.write = ((chunk: Uint8Array) => {
            calls.push('write');
            return write(chunk);
          }) as typeof res.write;
          Object.assign(res, { flush: () => calls.push('flush') });
          addClient();
        },
      },
    );
    const stream = openEvents(`${url}?lastEventId=1337&evs_preamble=1`);
    await stream.received(2);
    channel.send('We set sail from the sweet cove of Cork');
    channel.send('With seven million barrels of porter');
    await stream.received(4);
    expect(calls).toEqual(['write', 'flush', 'write', 'flush']);
  });

  it('emits connect, message and disconnect with (channel, req, res) arguments', async () => {
    const { channel, url } = await serve();
    const connects: Array<[unknown, IncomingMessage, ServerResponse, ...unknown[]]> = [];
    const messages: Array<[unknown, unknown, ServerResponse[]]> = [];
    const disconnects: Array<[unknown, ServerResponse]> = [];
    channel.on('connect', (...args) => connects.push(args));
    channel.on('message', (...args) => messages.push(args));
    channel.on('disconnect', (...args) => disconnects.push(args));
    const streams = [openEvents(url), openEvents(url)];
    await waitFor(() => connects.length === 2);
    const responses = connects.map(([, , res]) => res);
    channel.send('foobar');
    channel.send({ data: 'barfoo' }, [responses[1] as ServerResponse]);
    await streams[1]?.received(2);
    for (const stream of streams) stream.close();
    await waitFor(() => disconnects.length === 2);

    for (const [chan, req, res] of connects) {
      expect(chan).toBe(channel);
      expect(req).toBeInstanceOf(IncomingMessage);
      expect(res).toBeInstanceOf(ServerResponse);
    }
    expect(messages).toEqual([
      [channel, 'foobar', responses],
      [channel, { data: 'barfoo' }, [responses[1]]],
    ]);
    expect(disconnects.map(([chan]) => chan)).toEqual([channel, channel]);
    expect(new Set(disconnects.map(([, res]) => res))).toEqual(new Set(responses));
  });
});
