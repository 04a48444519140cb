// The engines the cluster can share its channel through: ENGINE picks one (default redis). Each
// makes a backplane for a channel whose data lives under a namespace, and can remove that data
// (the example's test does, after its run). Imports are lazy: a run loads only its engine.
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

export const engines = {
  redis: {
    backplane: async (namespace, channel) => (await import('@sse-channel/redis')).redisBackplane({ url: REDIS_URL, prefix: `${namespace}:`, channel }),
    async forget(namespace) {
      const { Redis } = await import('ioredis');
      const redis = new Redis(REDIS_URL);
      const keys = await redis.keys(`${namespace}:*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
    },
  },
  postgres: {
    backplane: async (namespace, channel) => (await import('@sse-channel/postgres')).postgresBackplane({ url: DATABASE_URL, schema: namespace, channel }),
    async forget(namespace) {
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: DATABASE_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${namespace}" CASCADE`);
      await client.end();
    },
  },
  nats: {
    backplane: async (namespace, channel) => (await import('@sse-channel/nats')).natsBackplane({ servers: NATS_URL, prefix: namespace, channel }),
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
