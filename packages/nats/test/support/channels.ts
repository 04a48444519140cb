import SseChannel, { type SseChannelOptions } from '@sse-channel/node';
import { serveThrough } from '@sse-channel/testkit';
import { natsBackplane, type NatsBackplane, type NatsBackplaneOptions } from '../../src/index.js';

/** A channel served over node:http in this process through its own NATS backplane. */
export interface ServedNatsChannel {
  channel: SseChannel;
  backplane: NatsBackplane;
  url: string;
  /** Closes the channel, the server and the backplane. */
  close(): Promise<void>;
}

/** Serves a channel on 127.0.0.1:0 through a new NATS backplane, live when this resolves. */
export async function serveNatsChannel(options: SseChannelOptions, engine: NatsBackplaneOptions): Promise<ServedNatsChannel> {
  const backplane = natsBackplane(engine);
  const channel = new SseChannel({ pingInterval: false, ...options, backplane });
  return { channel, backplane, ...(await serveThrough(channel, backplane)) };
}
