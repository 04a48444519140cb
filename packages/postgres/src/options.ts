import type { Pool } from 'pg';

/** Options of `postgresBackplane(options)`. */
export interface PostgresBackplaneOptions {
  /** The channel's name: processes that use the same name (and schema) share one channel. */
  channel: string;
  /**
   * Where PostgreSQL is (`postgres://user:password@host:5432/database`), when no `pool` is given.
   * Without either, node-postgres's defaults apply (the `PGHOST`, `PGDATABASE`… environment variables).
   */
  url?: string;
  /**
   * A `pg.Pool` of the application's: the backplane runs its statements through it (one at a time
   * for publishing) and opens its listening connection with the pool's settings. The pool is never
   * ended by the backplane.
   */
  pool?: Pool;
  /**
   * Where the listening connection goes, when it must not go where the statements go: LISTEN needs
   * a session of its own, so behind PgBouncer in transaction mode give the database's own address
   * here and PgBouncer's as `url` (or in `pool`).
   */
  listenUrl?: string;
  /** The schema of the backplane's tables, created when missing. Default `public`. */
  schema?: string;
  /** Milliseconds events stay in the shared history (on top of `historySize`). Default 0: no time limit. */
  retention?: number;
  /**
   * How many live events a process holds while it catches up from the table (on start, after an
   * outage). Over it they are dropped and the table is read again (`resync` event). Default 10000.
   */
  maxPendingEvents?: number;
}

/** Options after validation, with defaults applied. */
export interface ResolvedPostgresOptions {
  channel: string;
  url: string | undefined;
  pool: Pool | undefined;
  listenUrl: string | undefined;
  schema: string;
  retention: number;
  maxPendingEvents: number;
}

/** PostgreSQL truncates longer identifiers (NAMEDATALEN - 1 bytes). */
const MAX_IDENTIFIER_BYTES = 63;

/** Validates options and applies defaults. */
export function resolvePostgresOptions(options: PostgresBackplaneOptions): ResolvedPostgresOptions {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`options must be an object with a channel name (got ${String(options)})`);
  }
  const { channel, url, pool, listenUrl, schema = 'public', retention = 0, maxPendingEvents = 10000 } = options;
  if (typeof channel !== 'string' || channel === '' || channel.includes('\0')) {
    throw new TypeError(`channel must be a non-empty string without NUL (got ${show(channel)})`);
  }
  checkUrl('url', url);
  checkUrl('listenUrl', listenUrl);
  if (pool !== undefined && (typeof pool !== 'object' || pool === null || typeof pool.query !== 'function' || typeof pool.options !== 'object')) {
    throw new TypeError('pool must be a pg.Pool');
  }
  if (pool !== undefined && url !== undefined) throw new TypeError('give url or pool, not both');
  if (typeof schema !== 'string' || schema === '' || schema.includes('\0') || new TextEncoder().encode(schema).length > MAX_IDENTIFIER_BYTES) {
    throw new TypeError(`schema must be a non-empty name of at most ${MAX_IDENTIFIER_BYTES} bytes without NUL (got ${show(schema)})`);
  }
  if (!Number.isSafeInteger(retention) || retention < 0) {
    throw new RangeError(`retention must be an integer >= 0 (ms) (got ${String(retention)})`);
  }
  if (!Number.isSafeInteger(maxPendingEvents) || maxPendingEvents < 1) {
    throw new RangeError(`maxPendingEvents must be an integer >= 1 (got ${String(maxPendingEvents)})`);
  }
  return { channel, url, pool, listenUrl, schema, retention, maxPendingEvents };
}

function checkUrl(name: string, url: unknown): void {
  if (url !== undefined && (typeof url !== 'string' || !/^postgres(ql)?:\/\//.test(url))) {
    throw new TypeError(`${name} must be a postgres:// or postgresql:// URL (got ${show(url)})`);
  }
}

function show(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}
