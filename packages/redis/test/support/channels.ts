import SseChannel, { type SseChannelOptions } from '@sse-channel/node';
import { serveThrough } from '@sse-channel/testkit';
import { redisBackplane, type RedisBackplane, type RedisBackplaneOptions } from '../../src/index.js';

/** A channel served over node:http in this process through its own Redis backplane. */
export interface ServedRedisChannel {
  channel: SseChannel;
  backplane: RedisBackplane;
  url: string;
  /** Closes the channel, the server and the backplane. */
  close(): Promise<void>;
}

/** Serves a channel on 127.0.0.1:0 through a new Redis backplane, live when this resolves. */
export async function serveRedisChannel(options: SseChannelOptions, engine: RedisBackplaneOptions): Promise<ServedRedisChannel> {
  const backplane = redisBackplane(engine);
  const channel = new SseChannel({ pingInterval: false, ...options, backplane });
  return { channel, backplane, ...(await serveThrough(channel, backplane)) };
}
