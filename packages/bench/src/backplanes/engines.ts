import type { Backplane } from '@sse-channel/core';

/** A backplane as the benchmark drives it. */
export type BenchBackplane = Backplane & { ready(): Promise<void>; close(): Promise<void> };

/** An engine the backplane benchmark runs through. */
export interface Engine {
  /** Shown in the tables. */
  label: string;
  /** The name of the engine server's processes, whose CPU time the benchmark reads from /proc. */
  processName: string;
  /** A backplane for the channel `bench`, its data under `namespace`. */
  backplane(namespace: string): Promise<BenchBackplane>;
  /** Removes what a run left under `namespace`. */
  forget(namespace: string): Promise<void>;
}

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

/** Every engine, by the name `--engines` takes; adding one is one entry. Imports are lazy: a run loads only its engines. */
export const engines: Record<string, Engine> = {
  redis: {
    label: 'Redis',
    processName: 'redis-server',
    backplane: async (namespace) => (await import('@sse-channel/redis')).redisBackplane({ url: REDIS_URL, prefix: `${namespace}:`, channel: 'bench' }),
    async forget(namespace) {
      const { Redis } = await import('ioredis');
      const redis = new Redis(REDIS_URL);
      const keys = await redis.keys(`${namespace}:*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    },
  },
  postgres: {
    label: 'PostgreSQL',
    processName: 'postgres',
    backplane: async (namespace) => (await import('@sse-channel/postgres')).postgresBackplane({ url: DATABASE_URL, schema: namespace, channel: 'bench' }),
    async forget(namespace) {
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: DATABASE_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${namespace}" CASCADE`);
      await client.end();
    },
  },
  nats: {
    label: 'NATS',
    processName: 'nats-server',
    backplane: async (namespace) => (await import('@sse-channel/nats')).natsBackplane({ servers: NATS_URL, prefix: namespace, channel: 'bench' }),
    async forget(namespace) {
      const { connect } = await import('@nats-io/transport-node');
      const { jetstreamManager } = await import('@nats-io/jetstream');
      const connection = await connect({ servers: NATS_URL });
      const manager = await jetstreamManager(connection);
      for await (const name of manager.streams.names()) if (name.startsWith(`${namespace}_`)) await manager.streams.delete(name);
      await connection.close();
    },
  },
};
