import { createServer } from 'node:http';
import { listen, stop } from '@sse-channel/testkit';
import { SseChannel } from '../../src/index.js';

/** A server for one channel, at `url`. */
export interface Served {
  url: string;
  stop(): Promise<void>;
}

/** Serves a channel on some server: the hardening tests run on each of these. */
export interface HardeningTransport {
  name: string;
  serve(channel: SseChannel): Promise<Served>;
}

export const transports: HardeningTransport[] = [
  {
    name: 'node:http',
    async serve(channel) {
      const server = createServer((req, res) => channel.addClient(req, res));
      return { url: `${await listen(server)}/events`, stop: () => stop(server) };
    },
  },
];
