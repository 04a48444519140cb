import { afterEach, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { EventStream, waitFor } from '@sse-channel/testkit';
import { SseChannel as CoreChannel } from '@sse-channel/core';
import { postgresBackplane } from '../src/index.js';
import { MAX_BATCH_EVENTS, MAX_INLINE_BYTES } from '../src/PublishBatch.js';
import { adminConnection } from './support/admin.js';
import { servePostgresChannel, type ServedPostgresChannel } from './support/channels.js';
import { DATABASE_URL, dropSchema, uniqueSchema } from './support/postgres.js';

describe('the broadcasts of one tick', () => {
  let schema = '';
  let served: ServedPostgresChannel[] = [];
  let closers: Array<{ close(): unknown } | { end(): unknown }> = [];

  afterEach(async () => {
    await Promise.all(closers.map((item) => ('close' in item ? item.close() : item.end())));
    await Promise.all(served.map((item) => item.close()));
    await dropSchema(schema);
    served = [];
    closers = [];
  });

  async function serve(options: Parameters<typeof servePostgresChannel>[0] = {}): Promise<ServedPostgresChannel> {
    schema ||= uniqueSchema();
    const result = await servePostgresChannel(options, { url: DATABASE_URL, channel: 'news', schema });
    served.push(result);
    return result;
  }

  /** Records every notification of the channel, as PostgreSQL hands them to a listener. */
  async function listenToChannel(channel: ServedPostgresChannel): Promise<{ admin: pg.Client; payloads: string[] }> {
    const admin = await adminConnection();
    closers.push(admin);
    const payloads: string[] = [];
    admin.on('notification', (message) => payloads.push(message.payload ?? ''));
    await admin.query(`LISTEN "${channel.backplane.notifyChannel}"`);
    return { admin, payloads };
  }

  it('travel as one notification that carries them when they fit, and each send resolves with its own id', async () => {
    schema = '';
    const a = await serve();
    const { payloads } = await listenToChannel(a);
    const ids = await Promise.all([a.channel.send({ id: 1, data: 'one' }), a.channel.send('not kept'), a.channel.send({ id: 1, data: 'two' })]);
    expect(ids).toEqual(['1', undefined, '2']);
    await waitFor(() => payloads.length === 1, 5000, 'the notification');
    expect(payloads[0]?.split('\n')).toEqual(['0', '+{"data":"one"}', '-{"data":"not kept"}', '+{"data":"two"}']);
  });

  it('travel through a row that every process reads when they are larger than a notification may be (counted in bytes)', async () => {
    schema = '';
    const a = await serve();
    const b = await serve();
    const { admin, payloads } = await listenToChannel(a);
    const client = new EventStream(b.url);
    closers.push(client);
    await client.opened();
    // The line of an event is `+{"data":"…"}`: 12 characters around its data.
    const fits = 'x'.repeat(MAX_INLINE_BYTES - 12);
    // As many characters, but two bytes each: too large.
    const accented = 'é'.repeat(MAX_INLINE_BYTES - 12);
    const large = 'y'.repeat(100_000);
    expect(await a.channel.send({ id: 1, data: fits })).toBe('1');
    expect(await a.channel.send({ id: 1, data: accented })).toBe('2');
    const [kept, passing] = await Promise.all([a.channel.send({ id: 1, data: large }), a.channel.send(`${large}\0 not kept`)]);
    expect([kept, passing]).toEqual(['3', undefined]);
    const events = await client.received(4);
    expect(events.map((event) => [event.lastEventId, event.data.length])).toEqual([['1', fits.length], ['2', accented.length], ['3', large.length], ['', large.length + 10]]);
    expect(events[1]?.data).toBe(accented);
    await waitFor(() => payloads.length === 3, 5000, 'three notifications');
    expect(payloads[0]?.startsWith('0\n+')).toBe(true);
    expect(payloads.slice(1).map((payload) => payload.split(' ')[0])).toEqual(['1', '2']);
    const { rows } = await admin.query(`SELECT count(*)::int AS count FROM "${schema}".sse_channel_batches`);
    expect(rows[0].count).toBe(2);
  });

  it('reach the clients of another process in one write, in order', async () => {
    schema = '';
    const a = await serve();
    const backplane = postgresBackplane({ url: DATABASE_URL, channel: 'news', schema });
    const b = new CoreChannel<string>({ backplane, pingInterval: false });
    closers.push(b, backplane);
    await backplane.ready();
    const writes: string[] = [];
    const sink = { write: (chunk: Uint8Array) => (writes.push(Buffer.from(chunk).toString()), true), end: () => undefined };
    const request = { method: 'GET', url: '/', headers: {}, httpVersionMajor: 1 };
    b.accept(request, request, 'client').open(sink);
    await waitFor(() => writes.length === 1, 5000, ':ok');
    const count = 500;
    const data = 'x'.repeat(200);
    await Promise.all(Array.from({ length: count }, () => a.channel.send({ id: 1, data })));
    await waitFor(() => writes.join('').split('\n\n').length > count + 1, 5000, 'every event');
    expect(writes).toHaveLength(2);
    expect(writes[1]?.match(/^id: \d+$/gm)).toEqual(Array.from({ length: count }, (_, i) => `id: ${i + 1}`));
  });

  it(`go in statements of at most ${MAX_BATCH_EVENTS} events, all delivered in order with their ids`, async () => {
    schema = '';
    const a = await serve({ historySize: 5000 });
    const b = await serve({ historySize: 5000 });
    const client = new EventStream(b.url);
    closers.push(client);
    await client.opened();
    const { payloads } = await listenToChannel(a);
    const count = MAX_BATCH_EVENTS * 2 + 500;
    const ids = await Promise.all(Array.from({ length: count }, (_, i) => a.channel.send({ id: 1, data: String(i) })));
    const expected = Array.from({ length: count }, (_, i) => String(i + 1));
    expect(ids).toEqual(expected);
    const events = await client.received(count, 10000);
    expect(events.map((event) => event.lastEventId)).toEqual(expected);
    expect(events.map((event) => Number(event.data))).toEqual(expected.map((id) => Number(id) - 1));
    await waitFor(() => payloads.length === 3, 5000, 'three notifications');
    expect(payloads.map((payload) => payload.split(/[ \n]/)[0])).toEqual(['0', String(MAX_BATCH_EVENTS), String(2 * MAX_BATCH_EVENTS)]);
  });

  it('go one statement at a time from a process, so its sends keep their order across ticks', async () => {
    schema = '';
    const a = await serve({ autoId: true });
    const sends: Array<Promise<string | undefined>> = [];
    for (let tick = 0; tick < 20; tick++) {
      sends.push(a.channel.send(`tick ${tick}`) as Promise<string | undefined>);
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await Promise.all(sends)).toEqual(Array.from({ length: 20 }, (_, i) => String(i + 1)));
  });
});
