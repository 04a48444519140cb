import type { Redis } from 'ioredis';

/** Options of `redisBackplane(options)`. */
export interface RedisBackplaneOptions {
  /** The channel's name: processes that use the same name (and prefix) share one channel. */
  channel: string;
  /** Where Redis is, when no `client` is given. Default `redis://127.0.0.1:6379`. */
  url?: string;
  /**
   * An ioredis client whose settings the backplane copies (`duplicate()`) for its own two
   * connections. The client itself is neither used nor closed.
   */
  client?: Redis;
  /** Prepended to the stream's key and pub/sub channel name. Default `sse-channel:`. */
  prefix?: string;
  /** Milliseconds events stay in the shared history (on top of `historySize`). Default 0: no time limit. */
  retention?: number;
  /**
   * How many live events a process holds while it catches up from the stream (on start, after an
   * outage). Over it they are dropped and the stream is read again (`resync` event). Default 10000.
   */
  maxPendingEvents?: number;
}

/** Options after validation, with defaults applied. */
export interface ResolvedRedisOptions {
  channel: string;
  url: string;
  client: Redis | undefined;
  prefix: string;
  retention: number;
  maxPendingEvents: number;
}

/** Validates options and applies defaults. */
export function resolveRedisOptions(options: RedisBackplaneOptions): ResolvedRedisOptions {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`options must be an object with a channel name (got ${String(options)})`);
  }
  const { channel, url = 'redis://127.0.0.1:6379', client, prefix = 'sse-channel:', retention = 0, maxPendingEvents = 10000 } = options;
  if (typeof channel !== 'string' || channel === '') {
    throw new TypeError(`channel must be a non-empty string (got ${JSON.stringify(channel) ?? String(channel)})`);
  }
  if (typeof url !== 'string' || !/^rediss?:\/\//.test(url)) {
    throw new TypeError(`url must be a redis:// or rediss:// URL (got ${JSON.stringify(url) ?? String(url)})`);
  }
  if (client !== undefined && (typeof client !== 'object' || client === null || typeof client.duplicate !== 'function')) {
    throw new TypeError('client must be an ioredis client');
  }
  if (typeof prefix !== 'string') throw new TypeError(`prefix must be a string (got ${String(prefix)})`);
  if (!Number.isSafeInteger(retention) || retention < 0) {
    throw new RangeError(`retention must be an integer >= 0 (ms) (got ${String(retention)})`);
  }
  if (!Number.isSafeInteger(maxPendingEvents) || maxPendingEvents < 1) {
    throw new RangeError(`maxPendingEvents must be an integer >= 1 (got ${String(maxPendingEvents)})`);
  }
  return { channel, url, client, prefix, retention, maxPendingEvents };
}
