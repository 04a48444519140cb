import { afterEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import { EventStream } from '@sse-channel/testkit';
import { postgresBackplane, type PostgresBackplane } from '../src/index.js';
import { servePostgresChannel, type ServedPostgresChannel } from './support/channels.js';
import { DATABASE_URL, dropSchema, uniqueSchema } from './support/postgres.js';

describe('a reconnect storm', () => {
  const schema = uniqueSchema();
  const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 4 });
  let served: ServedPostgresChannel | undefined;
  let backplane: PostgresBackplane | undefined;
  const streams: EventStream[] = [];

  afterEach(async () => {
    for (const stream of streams) stream.close();
    await served?.close();
    await backplane?.close();
    await pool.end();
    await dropSchema(schema);
  });

  it('serves clients that reconnect from the same event with one read, and reads again once an event arrives', async () => {
    // The statements go through a pool of the test's, which counts the replay reads.
    let reads = 0;
    const query = pool.query.bind(pool) as (text: string, values: unknown[]) => Promise<unknown>;
    pool.query = ((text: string, values: unknown[]) => {
      if (text.includes(' AS fresh')) reads++;
      return query(text, values);
    }) as typeof pool.query;
    backplane = postgresBackplane({ pool, channel: 'news', schema });
    served = await servePostgresChannel({ autoId: true }, backplane);
    const { channel } = served;
    for (let i = 1; i <= 5; i++) await channel.send(`event ${i}`);
    const before = reads;
    for (let i = 0; i < 20; i++) streams.push(new EventStream(served.url, { headers: { 'Last-Event-ID': '3' } }));
    for (const stream of streams) expect((await stream.received(2)).map((event) => event.data)).toEqual(['event 4', 'event 5']);
    // Twenty clients, one read (two if the storm outlasted the reuse window on a busy machine).
    expect(reads - before).toBeLessThanOrEqual(2);
    await channel.send('event 6');
    const later = new EventStream(served.url, { headers: { 'Last-Event-ID': '3' } });
    streams.push(later);
    expect((await later.received(3)).map((event) => event.data)).toEqual(['event 4', 'event 5', 'event 6']);
  });
});
