import { createServer, type Server } from 'node:http';
import SseChannel, { type SseChannelOptions } from '@sse-channel/node';
import { listen, stop } from '@sse-channel/testkit';
import { redisBackplane, type RedisBackplane, type RedisBackplaneOptions } from '../../src/index.js';

/** A channel served over node:http in this process, with or without a Redis backplane. */
export interface ServedChannel {
  channel: SseChannel;
  backplane: RedisBackplane | undefined;
  url: string;
  close(): Promise<void>;
}

/** Serves a channel on 127.0.0.1:0; with `redis`, its backplane is live before this resolves. */
export async function serveChannel(options: SseChannelOptions = {}, redis?: RedisBackplaneOptions): Promise<ServedChannel> {
  const backplane = redis && redisBackplane(redis);
  const channel = new SseChannel({ pingInterval: false, ...options, ...(backplane && { backplane }) });
  const server: Server = createServer((req, res) => channel.addClient(req, res));
  const url = `${await listen(server)}/events`;
  await backplane?.ready();
  return {
    channel,
    backplane,
    url,
    async close() {
      channel.close();
      await stop(server);
      await backplane?.close();
    },
  };
}
