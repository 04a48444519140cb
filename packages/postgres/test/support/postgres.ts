import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { OwnServer } from '@sse-channel/testkit/backplane';

/** The shared PostgreSQL of the machine (never restarted by a test). */
export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A schema name no other test uses. */
export function uniqueSchema(): string {
  return `sse-test-${randomUUID()}`;
}

/** Drops a test's schema and everything in it. */
export async function dropSchema(schema: string, url = DATABASE_URL): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** Where Debian keeps the server's programs (the newest version installed), or PG_BIN. */
function serverBin(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
  if (versions.length === 0) throw new Error('no PostgreSQL server under /usr/lib/postgresql (set PG_BIN)');
  return `/usr/lib/postgresql/${versions[0]}/bin`;
}

/** Runs a server program; as root, as the `postgres` user (the server refuses to run as root). */
function asServerUser(program: string, args: string[]): [string, string[]] {
  const path = join(serverBin(), program);
  return process.getuid?.() === 0 ? ['setpriv', ['--reuid=postgres', '--regid=postgres', '--init-groups', '--', path, ...args]] : [path, args];
}

/**
 * A PostgreSQL server of a test's own, on a free port, that the test may kill (SIGKILL, as a crash)
 * and start again: its data directory stays, so a restart recovers what was committed.
 */
export type OwnPostgres = OwnServer;

export const OwnPostgres = {
  async start(): Promise<OwnPostgres> {
    const directory = mkdtempSync(join(tmpdir(), 'sse-postgres-'));
    if (process.getuid?.() === 0) execFileSync('chown', ['postgres', directory]);
    const data = join(directory, 'data');
    const [initdb, initArgs] = asServerUser('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '--no-instructions']);
    execFileSync(initdb, initArgs, { stdio: 'ignore' });
    const [command, prefix] = asServerUser('postgres', []);
    const settings = ['-c', 'fsync=off', '-c', 'full_page_writes=off', '-c', 'max_connections=50', '-c', 'shared_buffers=16MB'];
    const server = await OwnServer.start({
      command,
      args: (port) => [...prefix, '-D', data, '-p', String(port), '-h', '127.0.0.1', '-k', directory, ...settings],
      ready: 'database system is ready to accept connections',
      url: (port) => `postgres://postgres@127.0.0.1:${port}/postgres`,
    });
    return Object.assign(server, {
      async stop() {
        await server.kill();
        rmSync(directory, { recursive: true, force: true });
      },
    });
  },
};
