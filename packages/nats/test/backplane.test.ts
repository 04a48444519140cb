import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { EventStream, waitFor } from '@sse-channel/testkit';
import SseChannel, { type SseChannelOptions } from '@sse-channel/node';
import { natsBackplane, NatsUnavailableError, type NatsBackplaneOptions } from '../src/index.js';
import { serveNatsChannel, type ServedNatsChannel } from './support/channels.js';
import { deleteStreams, NATS_URL, uniquePrefix } from './support/nats.js';

let admin: NatsConnection;
let manager: JetStreamManager;
beforeAll(async () => {
  admin = await connect({ servers: NATS_URL });
  manager = await jetstreamManager(admin);
});
afterAll(() => admin.close());

let prefix = '';
/** Closed after each test, newest first. */
const opened: Array<() => unknown> = [];
afterEach(async () => {
  for (const close of opened.splice(0).reverse()) await close();
  await deleteStreams(prefix);
  prefix = '';
});

async function serve(options: SseChannelOptions = {}, nats: Partial<NatsBackplaneOptions> = {}): Promise<ServedNatsChannel> {
  prefix ||= uniquePrefix();
  const served = await serveNatsChannel(options, { servers: NATS_URL, channel: 'news', prefix, ...nats });
  opened.push(() => served.close());
  return served;
}

function stream(url: string, headers: Record<string, string> = {}): EventStream {
  const client = new EventStream(url, { headers, types: ['sse-channel:reset'] });
  opened.push(() => client.close());
  return client;
}

describe('the NATS backplane', () => {
  it('keeps a channel in a stream of its own whose sequence is the id, holding minStreamMessages, and replays historySize', async () => {
    const served = await serve({ historySize: 3, autoId: true }, { minStreamMessages: 4 });
    for (let i = 1; i <= 6; i++) await served.channel.send(`event ${i}`);
    const { config, state } = await manager.streams.info(`${prefix}_news`);
    expect(config.subjects).toEqual([`${prefix}.news`]);
    expect(config.max_msgs).toBe(4);
    expect([state.first_seq, state.last_seq, state.messages]).toEqual([3, 6, 4]);
    const client = stream(served.url, { 'Last-Event-ID': '0' });
    expect((await client.received(3)).map((event) => event.lastEventId)).toEqual(['4', '5', '6']);
  });

  it('replays only events younger than the retention, and resets a client whose events aged out', async () => {
    const served = await serve({ autoId: true }, { retention: 1000 });
    // The stream keeps them longer, for processes that lag behind.
    expect((await manager.streams.info(`${prefix}_news`)).config.max_age).toBe(60_000_000_000);
    for (let i = 1; i <= 3; i++) await served.channel.send(`event ${i}`);
    // Retention is a matter of time: let these age past it (event 4 then has a second to be replayed).
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await served.channel.send('event 4');
    const client = stream(served.url, { 'Last-Event-ID': '1' });
    expect(await client.received(2)).toEqual([
      { type: 'sse-channel:reset', data: '1', lastEventId: '' },
      { type: 'message', data: 'event 4', lastEventId: '4' },
    ]);
  });

  it('replays nothing with historySize 0, and resets a client that missed events', async () => {
    const served = await serve({ historySize: 0, autoId: true });
    for (let i = 1; i <= 3; i++) await served.channel.send(`event ${i}`);
    const client = stream(served.url, { 'Last-Event-ID': '1' });
    expect(await client.received(1)).toEqual([{ type: 'sse-channel:reset', data: '1', lastEventId: '' }]);
    await served.channel.send('event 4');
    expect((await client.received(2))[1]).toEqual({ type: 'message', data: 'event 4', lastEventId: '4' });
  });

  it('delivers every event of a burst to every process however small the history', async () => {
    const a = await serve({ historySize: 0, autoId: true });
    const b = await serve({ historySize: 0, autoId: true });
    const gaps: string[] = [];
    b.backplane.on('gap', (afterId) => gaps.push(afterId));
    const client = stream(b.url);
    await client.opened();
    await Promise.all(Array.from({ length: 500 }, (_, i) => a.channel.send(String(i))));
    expect((await client.received(500)).map((event) => Number(event.data))).toEqual(Array.from({ length: 500 }, (_, i) => i));
    expect(gaps).toEqual([]);
  });

  it('rejects an event larger than the server takes (max_payload) with a RangeError, and sends nothing', async () => {
    const served = await serve();
    const client = stream(served.url);
    await client.opened();
    const big = 'x'.repeat(1024 * 1024);
    await expect(served.channel.send({ id: 1, data: big })).rejects.toThrow(RangeError);
    await expect(served.channel.send(big)).rejects.toThrow(/max_payload/);
    const almost = 'y'.repeat(1_000_000);
    expect(await served.channel.send({ id: 1, data: almost })).toBe('1');
    await served.channel.send('small');
    expect((await client.received(2)).map((event) => event.data)).toEqual([almost, 'small']);
  });

  it('keeps channels of different names and prefixes apart, whatever characters their names hold', async () => {
    const names = ['a.b', 'a_2eb', 'a b', 'a.>', 'a.*', 'é', 'A'];
    const served = await Promise.all(names.map((channel) => serve({}, { channel })));
    // Deleted once the backplane is closed (it would set a stream deleted under it up again).
    opened.push(() => deleteStreams(`${prefix}-other`));
    const other = await serve({}, { channel: 'a.b', prefix: `${prefix}-other` });
    const clients = [...served, other].map((one) => stream(one.url));
    await Promise.all(clients.map((client) => client.opened()));
    await Promise.all([...served, other].map((one, i) => one.channel.send({ id: 1, data: i === names.length ? 'other' : (names[i] as string) })));
    for (const [i, client] of clients.entries()) {
      expect((await client.received(1))[0]?.data).toBe(i === names.length ? 'other' : names[i]);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(clients.map((client) => client.events.length)).toEqual(clients.map(() => 1));
    const streams: string[] = [];
    for await (const name of manager.streams.names()) if (name.startsWith(prefix)) streams.push(name);
    expect(streams.sort()).toEqual(
      [
      `${prefix}-other_a_2eb`,
      `${prefix}_A`,
      `${prefix}_a_20b`,
      `${prefix}_a_2e_2a`,
      `${prefix}_a_2e_3e`,
      `${prefix}_a_2eb`,
      `${prefix}_a_5f2eb`,
      `${prefix}__c3_a9`,
      ].sort(),
    );
  });

  it('works on a connection the application passes, shared by several channels, and leaves it open', async () => {
    prefix = uniquePrefix();
    const connection = await connect({ servers: NATS_URL });
    opened.push(() => connection.close());
    const news = await serve({ autoId: true }, { servers: undefined, connection });
    const sport = await serve({ autoId: true }, { servers: undefined, connection, channel: 'sport' });
    const clients = [stream(news.url), stream(sport.url)];
    await Promise.all(clients.map((client) => client.opened()));
    expect(await news.channel.send('headline')).toBe('1');
    expect(await sport.channel.send('score')).toBe('1');
    expect(await news.channel.send('passing')).toBe('2');
    expect((await clients[0]!.received(2)).map((event) => event.data)).toEqual(['headline', 'passing']);
    expect((await clients[1]!.received(1)).map((event) => event.data)).toEqual(['score']);
    await news.backplane.close();
    await expect(news.channel.send('late')).rejects.toThrow(/closed/);
    expect(await sport.channel.send('still here')).toBe('2');
    expect(connection.isClosed()).toBe(false);
    await connection.flush();
  });

  it('reports an outage for good when the connection passed in is closed, before or after it started', async () => {
    const connection = await connect({ servers: NATS_URL });
    const served = await serve({}, { servers: undefined, connection });
    const outages: Error[] = [];
    served.backplane.on('outage', (error) => outages.push(error));
    await connection.close();
    await waitFor(() => outages.length === 1, 5000, 'the outage event');
    await expect(served.channel.send('x')).rejects.toThrow(NatsUnavailableError);
    const late = natsBackplane({ channel: 'late', connection, prefix });
    opened.push(() => late.close());
    late.on('outage', (error) => outages.push(error));
    const lateChannel = new SseChannel({ backplane: late });
    opened.push(() => lateChannel.close());
    await waitFor(() => outages.length === 2, 5000, 'the second outage event');
  });

  it('skips what it did not write with a skipped event, and goes on', async () => {
    const a = await serve();
    const skipped: Error[] = [];
    a.backplane.on('skipped', (error) => skipped.push(error));
    const client = stream(a.url);
    await client.opened();
    const foreign = jetstream(admin);
    await foreign.publish(`${prefix}.news`, 'not json');
    await foreign.publish(`${prefix}.news`, JSON.stringify({ event: 'bad\nname', data: 'x' }));
    await foreign.publish(`${prefix}.news`, JSON.stringify({ data: 5 }));
    admin.publish(`${prefix}.news.live`, 'garbage');
    await admin.flush();
    expect(await a.channel.send({ id: 1, data: 'good' })).toBe('4');
    await client.received(1);
    const late = stream(a.url, { 'Last-Event-ID': '0' });
    await late.received(1);
    await waitFor(() => skipped.length === 7, 5000, 'seven skipped events (four live, three replayed)');
    expect(client.data).toEqual(['good']);
    expect(late.data).toEqual(['good']);
  });

  it('lets an event without an id that waits for a kept event the stream never had go once the stream is read to its end', async () => {
    const a = await serve();
    const client = stream(a.url);
    await client.opened();
    // Its `after` names a sequence the stream does not have: it must hold up neither what follows nor itself for long.
    admin.publish(`${prefix}.news.live`, JSON.stringify({ data: 'stray', after: 999999 }));
    await admin.flush();
    await a.channel.send('next');
    await a.channel.send({ id: 1, data: 'kept' });
    await a.channel.send('after kept');
    expect((await client.received(4)).map((event) => event.data)).toEqual(['next', 'kept', 'stray', 'after kept']);
  });

  it('sets the stream up again when it is deleted by hand, the ids going on', async () => {
    const a = await serve({ autoId: true });
    const client = stream(a.url);
    await client.opened();
    for (let i = 1; i <= 3; i++) await a.channel.send(`event ${i}`);
    await manager.streams.delete(`${prefix}_news`);
    const restored = async () => (await manager.streams.info(`${prefix}_news`).catch(() => undefined))?.config.subjects;
    await expect.poll(restored, { timeout: 5000, interval: 20 }).toEqual([`${prefix}.news`]);
    expect(await a.channel.send('event 4')).toBe('4');
    expect((await client.received(4)).map((event) => event.lastEventId)).toEqual(['1', '2', '3', '4']);
  });

  it('serves clients that reconnect from the same event with one read of the stream', async () => {
    const served = await serve({ autoId: true });
    for (let i = 1; i <= 5; i++) await served.channel.send(`event ${i}`);
    // Each read of the stream creates a consumer of its own: count the requests for one.
    const creates = admin.subscribe(`$JS.API.CONSUMER.CREATE.${prefix}_news.>`);
    await admin.flush();
    const clients = Array.from({ length: 20 }, () => stream(served.url, { 'Last-Event-ID': '3' }));
    for (const client of clients) expect((await client.received(2)).map((event) => event.data)).toEqual(['event 4', 'event 5']);
    // Twenty clients, one read (two if the storm outlasted the reuse window on a busy machine).
    expect(creates.getReceived()).toBeLessThanOrEqual(2);
    expect(creates.getReceived()).toBeGreaterThan(0);
    creates.unsubscribe();
  });
});

describe('options', () => {
  it('rejects invalid NATS options, naming the option and the value', () => {
    expect(() => natsBackplane({ channel: '' })).toThrow('channel must be a non-empty string (got "")');
    expect(() => natsBackplane({ channel: 'x', servers: 'http://x' })).toThrow('servers must be a nats:// or tls:// URL or host:port, or a non-empty array of them (got "http://x")');
    expect(() => natsBackplane({ channel: 'x', servers: [] })).toThrow(/servers must be/);
    expect(() => natsBackplane({ channel: 'x', prefix: 'a.b' })).toThrow('prefix must be ASCII letters, digits and - (got "a.b")');
    expect(() => natsBackplane({ channel: 'x', prefix: 'a_b' })).toThrow(/prefix must be/);
    expect(() => natsBackplane({ channel: 'x', retention: -1 })).toThrow('retention must be an integer >= 0 (ms) (got -1)');
    expect(() => natsBackplane({ channel: 'x', maxPendingEvents: 0 })).toThrow('maxPendingEvents must be an integer >= 1 (got 0)');
    expect(() => natsBackplane({ channel: 'x', minStreamMessages: 1.5 })).toThrow('minStreamMessages must be an integer >= 1 (got 1.5)');
    expect(() => natsBackplane({ channel: 'x', connection: {} as never })).toThrow('connection must be a NATS connection (from connect())');
    expect(() => natsBackplane({ channel: 'x'.repeat(300) })).toThrow(/stream name of 312 characters, over the 255 NATS allows/);
  });

  it('serves one channel only', async () => {
    const backplane = natsBackplane({ channel: 'x', servers: 'nats://127.0.0.1:1' });
    const channel = new SseChannel({ backplane });
    expect(() => new SseChannel({ backplane })).toThrow(/already serves a channel/);
    channel.close();
    await backplane.close();
  });
});
