import { RedisBackplane } from './RedisBackplane.js';
import type { RedisBackplaneOptions } from './options.js';

export { RedisBackplane, RedisUnavailableError, type RedisBackplaneEvents } from './RedisBackplane.js';
export type { RedisBackplaneOptions } from './options.js';

/**
 * A backplane that makes channels with the same name in many processes one channel, through Redis:
 * same events, same order, same ids, one shared history.
 *
 * @example
 * const backplane = redisBackplane({ url: process.env.REDIS_URL, channel: 'news' });
 * const channel = new SseChannel({ historySize: 500, backplane });
 * await channel.send({ id: 1, data: 'hello' }); // kept (it has an id); resolves with the id Redis assigned: '1', then '2'…
 * await backplane.close(); // on shutdown: releases both Redis connections
 */
export function redisBackplane(options: RedisBackplaneOptions): RedisBackplane {
  return new RedisBackplane(options);
}
