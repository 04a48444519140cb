import { PostgresBackplane } from './PostgresBackplane.js';
import type { PostgresBackplaneOptions } from './options.js';

export { PostgresBackplane, PostgresUnavailableError, type PostgresBackplaneEvents } from './PostgresBackplane.js';
export type { PostgresBackplaneOptions } from './options.js';

/**
 * A backplane that makes channels with the same name in many processes one channel, through
 * PostgreSQL: same events, same order, same ids, one shared history in a table.
 *
 * @example
 * const backplane = postgresBackplane({ url: process.env.DATABASE_URL, channel: 'news' }); // or { pool: aPgPool, channel }
 * const channel = new SseChannel({ historySize: 500, backplane });
 * await channel.send({ id: 1, data: 'hello' }); // kept (it has an id); resolves with the id PostgreSQL assigned: '1', then '2'…
 * await backplane.close(); // on shutdown: releases its connections
 */
export function postgresBackplane(options: PostgresBackplaneOptions): PostgresBackplane {
  return new PostgresBackplane(options);
}
