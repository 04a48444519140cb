import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import SseChannel, { type SseChannelOptions } from '@sse-channel/node';
import { EventStream, waitFor } from '@sse-channel/testkit';
import { runOutageConformance } from '@sse-channel/testkit/backplane';
import { postgresBackplane, PostgresUnavailableError, type PostgresBackplane, type PostgresBackplaneOptions } from '../src/index.js';
import { adminConnection, terminateListener } from './support/admin.js';
import { servePostgresChannel, type ServedPostgresChannel } from './support/channels.js';
import { DATABASE_URL, dropSchema, OwnPostgres, uniqueSchema } from './support/postgres.js';

runOutageConformance<PostgresBackplane>({
  name: 'PostgreSQL',
  start: () => OwnPostgres.start(),
  create: (url, schema, channel) => postgresBackplane({ url, channel, schema }),
  channel: (settings, backplane) => new SseChannel({ ...settings, ...(backplane && { backplane }) }),
  unavailable: PostgresUnavailableError,
  nowhere: 'postgres://postgres@127.0.0.1:1/test',
  restartKeepsData: true,
});

/** Counts a backplane's outage and recovery events. */
function watch(backplane: PostgresBackplane): { outages: number; recoveries: number } {
  const seen = { outages: 0, recoveries: 0 };
  backplane.on('outage', () => seen.outages++);
  backplane.on('recovery', () => seen.recoveries++);
  return seen;
}

describe('when its own PostgreSQL server crashes', () => {
  let postgres: OwnPostgres;
  beforeAll(async () => {
    postgres = await OwnPostgres.start();
  });
  afterAll(() => postgres.stop());

  it('delivers what was committed before the crash to a process that had not delivered it yet, once', async () => {
    const { a, b, client } = await sharedPair({}, {}, {}, postgres.url);
    const seenB = watch(b.backplane);
    await client.opened();
    const ids = await Promise.all(Array.from({ length: 50 }, (_, i) => a.channel.send({ id: 1, data: String(i) })));
    // Killed as soon as the sends resolved: B may not have delivered them all yet.
    await postgres.kill();
    await postgres.restart();
    await waitFor(() => seenB.recoveries >= 1 || client.events.length === 50, 10000, 'recovery or delivery');
    expect((await client.received(50, 10000)).map((event) => event.lastEventId)).toEqual(ids);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(client.events).toHaveLength(50);
  });
});

/** Closed after each test: what `sharedPair` opened. */
const opened: Array<() => unknown> = [];
afterEach(async () => {
  for (const close of opened.splice(0).reverse()) await close();
});

/**
 * Two processes A and B on one channel of the shared database (or the one at `url`) in a fresh schema, a client on B and
 * an admin connection; all closed, and the schema dropped, after the test.
 */
async function sharedPair(
  optionsA: SseChannelOptions,
  optionsB: SseChannelOptions,
  backplaneB: Partial<PostgresBackplaneOptions> = {},
  url = DATABASE_URL,
): Promise<{ schema: string; a: ServedPostgresChannel; b: ServedPostgresChannel; client: EventStream; admin: pg.Client }> {
  const schema = uniqueSchema();
  opened.push(() => dropSchema(schema, url));
  const a = await servePostgresChannel(optionsA, { url, channel: 'news', schema });
  opened.push(() => a.close());
  const b = await servePostgresChannel(optionsB, { url, channel: 'news', schema, ...backplaneB });
  opened.push(() => b.close());
  const admin = await adminConnection();
  opened.push(() => admin.end());
  const client = new EventStream(b.url);
  opened.push(() => client.close());
  return { schema, a, b, client, admin };
}

describe('when its listening connection is terminated while events are sent', () => {
  it('delivers every event sent meanwhile, once each and in order, after reconnecting', async () => {
    // History large enough to hold every event sent while B reconnects, so B can read them back.
    const { a, b, client, admin } = await sharedPair({ historySize: 100000 }, { historySize: 100000 });
    const seen = watch(b.backplane);
    await client.opened();
    let sent = 0;
    let sending = true;
    const sender = (async () => {
      while (sending) await a.channel.send({ id: 1, data: String(sent++) });
    })();
    await waitFor(() => sent >= 20, 5000, 'events before the drop');
    await terminateListener(admin, b.backplane);
    await waitFor(() => seen.recoveries === 1, 10000, 'the recovery event');
    const target = sent + 20;
    await waitFor(() => sent >= target, 5000, 'events after the drop');
    sending = false;
    await sender;
    const events = await client.received(sent, 10000);
    expect(seen.outages).toBe(1);
    expect(events.map((event) => Number(event.data))).toEqual(Array.from({ length: sent }, (_, i) => i));
  });

  it('continues the ids after the last one it delivered when the database comes back without its tables', async () => {
    const { schema, a, b, client, admin } = await sharedPair({ autoId: true }, {});
    const [seenA, seenB] = [watch(a.backplane), watch(b.backplane)];
    for (let i = 1; i <= 3; i++) await a.channel.send(`before ${i}`);
    await client.received(3);
    // A fresh database after a failover: the tables are gone, and every listening connection is new.
    await admin.query(`DROP SCHEMA "${schema}" CASCADE`);
    await terminateListener(admin, b.backplane, 'every');
    await waitFor(() => seenA.recoveries === 1 && seenB.recoveries === 1, 10000, 'the recovery events');
    expect(await a.channel.send('after')).toBe('4');
    expect((await client.received(4, 10000)).map((event) => event.lastEventId)).toEqual(['1', '2', '3', '4']);
  });
});

describe('when more live events arrive while catching up than maxPendingEvents', () => {
  it('drops them, emits resync, reads the table again and still delivers every kept event once, in order', async () => {
    const { a, b, client, admin } = await sharedPair({ historySize: 100000, autoId: true }, { historySize: 100000 }, { maxPendingEvents: 1 });
    const resyncs: number[] = [];
    b.backplane.on('resync', (unkept) => resyncs.push(unkept));
    const recoveries = watch(b.backplane);
    await client.opened();
    let sent = 0;
    let sending = true;
    // Twenty sends in flight at a time, so several notifications arrive during each catch-up.
    const senders = Array.from({ length: 20 }, async () => {
      while (sending) {
        await a.channel.send('x');
        sent++;
      }
    });
    // Each terminated listener makes B catch up; repeat until a catch-up overflowed.
    for (let drops = 1; resyncs.length === 0 && drops <= 50; drops++) {
      await terminateListener(admin, b.backplane);
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
    const { a, b, client, admin } = await sharedPair({ historySize: 3 }, { historySize: 3 });
    const gaps: string[] = [];
    b.backplane.on('gap', (afterId) => gaps.push(afterId));
    await client.opened();
    const delivered = await a.channel.send({ id: 1, data: 'delivered' });
    await client.received(1);
    await terminateListener(admin, b.backplane);
    // Sent at once, before B reconnects (it waits 50 ms before its first try).
    await Promise.all(Array.from({ length: 10 }, (_, i) => a.channel.send({ id: 1, data: `missed ${i}` })));
    await client.received(4, 10000);
    expect(gaps).toEqual([delivered]);
    expect(client.data).toEqual(['delivered', 'missed 7', 'missed 8', 'missed 9']);
  });
});
