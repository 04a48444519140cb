import { afterAll, afterEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import SseChannel from '@sse-channel/node';
import { EventStream, waitFor } from '@sse-channel/testkit';
import { postgresBackplane, type PostgresBackplaneOptions } from '../src/index.js';
import { adminConnection } from './support/admin.js';
import { servePostgresChannel, type ServedPostgresChannel } from './support/channels.js';
import { DATABASE_URL, dropSchema, uniqueSchema } from './support/postgres.js';

const admin = await adminConnection();
afterAll(() => admin.end());
let schemas: string[] = [];
let served: Array<{ close(): Promise<void> }> = [];
let streams: EventStream[] = [];

afterEach(async () => {
  for (const item of streams.splice(0)) item.close();
  await Promise.all(served.splice(0).map((item) => item.close()));
  await Promise.all(schemas.splice(0).map((schema) => dropSchema(schema)));
});

function newSchema(): string {
  const schema = uniqueSchema();
  schemas.push(schema);
  return schema;
}

async function serve(options: Parameters<typeof servePostgresChannel>[0], postgres: Partial<PostgresBackplaneOptions> & { schema: string }): Promise<ServedPostgresChannel> {
  const result = await servePostgresChannel(options, { url: DATABASE_URL, channel: 'news', ...postgres });
  served.push(result);
  return result;
}

function stream(url: string, headers: Record<string, string> = {}): EventStream {
  const result = new EventStream(url, { headers, types: ['sse-channel:reset'] });
  streams.push(result);
  return result;
}

async function keptIds(schema: string, channel = 'news'): Promise<string[]> {
  const { rows } = await admin.query(`SELECT id::text FROM "${schema}".sse_channel_events WHERE channel = $1 ORDER BY id`, [channel]);
  return rows.map((row) => row.id);
}

describe('the history table', () => {
  it('keeps one row per kept event, the newest historySize, also when one batch holds more', async () => {
    const schema = newSchema();
    const a = await serve({ historySize: 3, autoId: true }, { schema });
    for (let i = 0; i < 5; i++) await a.channel.send(`one by one ${i}`);
    expect(await keptIds(schema)).toEqual(['3', '4', '5']);
    await Promise.all(Array.from({ length: 10 }, (_, i) => a.channel.send(`together ${i}`)));
    expect(await keptIds(schema)).toEqual(['13', '14', '15']);
    const client = stream(a.url, { 'Last-Event-ID': '0' });
    expect((await client.received(3)).map((event) => event.data)).toEqual(['together 7', 'together 8', 'together 9']);
  });

  it('drops events older than the retention, and resets a client whose next events aged out', async () => {
    const schema = newSchema();
    const a = await serve({ autoId: true }, { schema, retention: 60_000 });
    for (let i = 1; i <= 3; i++) await a.channel.send(`old ${i}`);
    // Age them by the database's clock rather than wait a minute.
    await admin.query(`UPDATE "${schema}".sse_channel_events SET stored_at = stored_at - interval '2 minutes'`);
    // Nothing sent since: the rows are still there, but too old to replay.
    const behind = stream(a.url, { 'Last-Event-ID': '1' });
    expect(await behind.received(1)).toEqual([{ type: 'sse-channel:reset', data: '1', lastEventId: '' }]);
    await a.channel.send('young');
    expect(await keptIds(schema)).toEqual(['4']);
    expect((await behind.received(2))[1]).toEqual({ type: 'message', data: 'young', lastEventId: '4' });
    const late = stream(a.url, { 'Last-Event-ID': '0' });
    expect((await late.received(1)).map((event) => event.data)).toEqual(['young']);
  });

  it('replays everything kept, with no reset, for a numeric Last-Event-ID beyond the id column', async () => {
    const schema = newSchema();
    const a = await serve({ autoId: true }, { schema });
    await a.channel.send('kept');
    const client = stream(a.url, { 'Last-Event-ID': '9'.repeat(19) });
    expect(await client.received(1)).toEqual([{ type: 'message', data: 'kept', lastEventId: '1' }]);
    expect(client.opens).toBe(1);
  });

  it('keeps channels and schemas apart: each has its own ids, rows and notifications', async () => {
    const [first, second] = [newSchema(), newSchema()];
    const news = await serve({ autoId: true }, { schema: first });
    const sport = await serve({ autoId: true }, { schema: first, channel: 'sport' });
    const elsewhere = await serve({ autoId: true }, { schema: second });
    const clients = [stream(news.url), stream(sport.url), stream(elsewhere.url)];
    await Promise.all(clients.map((client) => client.opened()));
    expect(await Promise.all([news.channel.send('n1'), sport.channel.send('s1'), elsewhere.channel.send('e1'), news.channel.send('n2')])).toEqual(['1', '1', '1', '2']);
    await Promise.all([clients[0]!.received(2), clients[1]!.received(1), clients[2]!.received(1)]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(clients.map((client) => client.data)).toEqual([['n1', 'n2'], ['s1'], ['e1']]);
    expect([await keptIds(first), await keptIds(first, 'sport'), await keptIds(second)]).toEqual([['1', '2'], ['1'], ['1']]);
  });

  it('skips foreign notifications and malformed rows with a skipped event, and goes on', async () => {
    const schema = newSchema();
    const a = await serve({}, { schema });
    const skipped: Error[] = [];
    a.backplane.on('skipped', (error) => skipped.push(error));
    const client = stream(a.url);
    await client.opened();
    const channel = a.backplane.notifyChannel;
    for (const payload of ['garbage', '1 not-a-row', '0\n+not json', '0\n*{"data":"no flag"}', '0 999999']) {
      await admin.query('SELECT pg_notify($1, $2)', [channel, payload]);
    }
    const events = `"${schema}".sse_channel_events`;
    await admin.query(`INSERT INTO ${events} (channel, id, entry) VALUES ('news', 1, 'not json'), ('news', 2, '{"event":"bad\\nname","data":"x"}')`);
    await admin.query(`UPDATE "${schema}".sse_channel_heads SET last_id = 2 WHERE channel = 'news'`);
    await a.channel.send({ id: 1, data: 'good' });
    await client.received(1);
    const late = stream(a.url, { 'Last-Event-ID': '0' });
    await late.received(1);
    await waitFor(() => skipped.length === 7, 5000, 'seven skipped events');
    expect(client.data).toEqual(['good']);
    expect(late.data).toEqual(['good']);
    expect(late.events[0]?.lastEventId).toBe('3');
  });
});

describe('connections', () => {
  /** The backends of a test's own application name. */
  async function backends(name: string): Promise<string[]> {
    const { rows } = await admin.query('SELECT query FROM pg_stat_activity WHERE application_name = $1', [name]);
    return rows.map((row) => row.query);
  }

  it('releases every connection it opened on close', async () => {
    const name = `sse-test-${Date.now()}`;
    const backplane = postgresBackplane({ url: `${DATABASE_URL}?application_name=${name}`, channel: 'news', schema: newSchema() });
    const channel = new SseChannel({ backplane });
    await backplane.ready();
    expect(await channel.send({ id: 1, data: 'x' })).toBe('1');
    expect((await backends(name)).some((query) => query.startsWith('LISTEN'))).toBe(true);
    await backplane.close();
    for (let tries = 0; (await backends(name)).length > 0 && tries < 100; tries++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await backends(name)).toEqual([]);
    await expect(channel.send({ id: 1, data: 'y' })).rejects.toThrow(/closed/);
  });

  it('runs its statements through the pool it is given, listens where listenUrl says, and leaves the pool open', async () => {
    const name = `sse-test-listen-${Date.now()}`;
    const poolName = `sse-test-pool-${Date.now()}`;
    const pool = new pg.Pool({ connectionString: `${DATABASE_URL}?application_name=${poolName}`, max: 2 });
    pool.on('error', () => undefined);
    const schema = newSchema();
    const backplane = postgresBackplane({ pool, listenUrl: `${DATABASE_URL}?application_name=${name}`, channel: 'news', schema });
    const served = await servePostgresChannel({}, backplane);
    const client = stream(served.url);
    await client.opened();
    expect(await served.channel.send({ id: 1, data: 'through the pool' })).toBe('1');
    expect(pool.totalCount).toBeGreaterThan(0);
    expect(await backends(name)).toEqual([`LISTEN "${backplane.notifyChannel}"`]);
    // The pool's connections are cut (a failover): the pool drops them and opens new ones.
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [poolName]);
    await waitFor(() => pool.idleCount === 0, 5000, 'the pool to drop its connections');
    expect(await served.channel.send({ id: 1, data: 'after' })).toBe('2');
    expect((await client.received(2)).map((event) => event.data)).toEqual(['through the pool', 'after']);
    await served.close();
    expect((await pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    await pool.end();
  });
});

describe('options', () => {
  it('rejects invalid PostgreSQL options, naming the option and the value', () => {
    expect(() => postgresBackplane({ channel: '' })).toThrow('channel must be a non-empty string without NUL (got "")');
    expect(() => postgresBackplane({ channel: 'x', url: 'redis://x' })).toThrow('url must be a postgres:// or postgresql:// URL (got "redis://x")');
    expect(() => postgresBackplane({ channel: 'x', listenUrl: 'x' })).toThrow('listenUrl must be a postgres:// or postgresql:// URL (got "x")');
    expect(() => postgresBackplane({ channel: 'x', pool: {} as never })).toThrow('pool must be a pg.Pool');
    expect(() => postgresBackplane({ channel: 'x', schema: 'x'.repeat(64) })).toThrow(/schema must be a non-empty name of at most 63 bytes/);
    expect(() => postgresBackplane({ channel: 'x', retention: -1 })).toThrow('retention must be an integer >= 0 (ms) (got -1)');
    expect(() => postgresBackplane({ channel: 'x', maxPendingEvents: 0 })).toThrow('maxPendingEvents must be an integer >= 1 (got 0)');
  });

  it('serves one channel only', async () => {
    const backplane = postgresBackplane({ channel: 'x', url: 'postgres://postgres@127.0.0.1:1/test' });
    const channel = new SseChannel({ backplane });
    expect(() => new SseChannel({ backplane })).toThrow(/already serves a channel/);
    channel.close();
    await backplane.close();
  });
});
