import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { OwnServer } from '@sse-channel/testkit/backplane';

/** The shared Redis of the machine (never restarted by a test). */
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A key prefix no other test uses. */
export function uniquePrefix(): string {
  return `sse-test:${randomUUID()}:`;
}

/** Deletes every key under `prefix` on the shared Redis. */
export async function deleteKeys(prefix: string, url = REDIS_URL): Promise<void> {
  const redis = new Redis(url);
  try {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

/** A Redis server of a test's own, on a free port, that the test may kill and start again (empty: nothing is saved). */
export type OwnRedis = OwnServer;

export const OwnRedis = {
  start: (): Promise<OwnRedis> =>
    OwnServer.start({
      command: 'redis-server',
      args: (port) => ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      ready: 'Ready to accept connections',
      url: (port) => `redis://127.0.0.1:${port}`,
    }),
};
