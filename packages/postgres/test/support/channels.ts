import SseChannel, { type SseChannelOptions } from '@sse-channel/node';
import { serveThrough } from '@sse-channel/testkit';
import { postgresBackplane, type PostgresBackplane, type PostgresBackplaneOptions } from '../../src/index.js';

/** A channel served over node:http in this process through a PostgreSQL backplane. */
export interface ServedPostgresChannel {
  channel: SseChannel;
  backplane: PostgresBackplane;
  url: string;
  /** Closes the channel, the server and the backplane. */
  close(): Promise<void>;
}

/** Serves a channel on 127.0.0.1:0 through `backplane` (or a new one made of these options), live when this resolves. */
export async function servePostgresChannel(
  options: SseChannelOptions,
  engine: PostgresBackplaneOptions | PostgresBackplane,
): Promise<ServedPostgresChannel> {
  const backplane = 'ready' in engine ? engine : postgresBackplane(engine);
  const channel = new SseChannel({ pingInterval: false, ...options, backplane });
  return { channel, backplane, ...(await serveThrough(channel, backplane)) };
}
