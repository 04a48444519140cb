import pg from 'pg';
import type { PostgresBackplane } from '../../src/index.js';
import { DATABASE_URL } from './postgres.js';

/** A connection of a test's own, to look at and act on what the backplanes do. */
export async function adminConnection(url = DATABASE_URL): Promise<pg.Client> {
  const admin = new pg.Client({ connectionString: url });
  // A test may kill the server under it.
  admin.on('error', () => undefined);
  await admin.connect();
  return admin;
}

/**
 * Terminates the listening connection of the newest backplane of a channel, or of `every` one (as
 * a failover or an administrator would).
 */
export async function terminateListener(admin: pg.Client, backplane: PostgresBackplane, which: 'newest' | 'every' = 'newest'): Promise<void> {
  const { rows } = await admin.query(
    `SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity
     WHERE query = $1 AND ($2 OR backend_start = (SELECT max(backend_start) FROM pg_stat_activity WHERE query = $1))`,
    [`LISTEN "${backplane.notifyChannel}"`, which === 'every'],
  );
  if (rows.length === 0 || rows.some((row) => row.done !== true)) throw new Error(`no listening connection for ${backplane.notifyChannel}`);
}
