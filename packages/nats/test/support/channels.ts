import { createServer, type Server } from 'node:http';
import SseChannel, { type SseChannelOptions } from '@sse-channel/node';
import { listen, stop } from '@sse-channel/testkit';
import { natsBackplane, type NatsBackplane, type NatsBackplaneOptions } from '../../src/index.js';

/** A channel served over node:http in this process. */
export interface ServedChannel {
  channel: SseChannel;
  url: string;
  /** Closes the channel and the server; not the backplane. */
  close(): Promise<void>;
}

/** Serves a channel on 127.0.0.1:0, through `backplane` when given. */
export async function serveChannel(options: SseChannelOptions = {}, backplane?: NatsBackplane): Promise<ServedChannel> {
  const channel = new SseChannel({ pingInterval: false, ...options, ...(backplane && { backplane }) });
  const server: Server = createServer((req, res) => channel.addClient(req, res));
  const url = `${await listen(server)}/events`;
  return {
    channel,
    url,
    async close() {
      await channel.close();
      await stop(server);
    },
  };
}

/** A channel served through its own NATS backplane. */
export type ServedNatsChannel = ServedChannel & { backplane: NatsBackplane };

/** A channel served through a new NATS backplane, live when this resolves; closing it closes the backplane too. */
export async function serveNatsChannel(options: SseChannelOptions, nats: NatsBackplaneOptions): Promise<ServedNatsChannel> {
  const backplane = natsBackplane(nats);
  const served = await serveChannel(options, backplane);
  await backplane.ready();
  return {
    ...served,
    backplane,
    async close() {
      await served.close();
      await backplane.close();
    },
  };
}
