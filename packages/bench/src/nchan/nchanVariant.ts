import { get } from 'node:http';
import type { Variant } from '../variants/Variant.js';
import { Nginx } from './Nginx.js';
import { Publisher } from './Publisher.js';

/** The most clients one scenario opens to nginx. */
const MAX_CONNECTIONS = 19_000;

/** How many subscribers nchan counts on the channel (the publisher location answers a GET with the channel's info). */
function subscribers(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path: '/pub', headers: { Accept: 'text/plain' } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      // 404 until the channel exists, that is until its first subscriber.
      res.on('end', () => resolve(Number(/subscribers:\s*(\d+)/.exec(text)?.[1] ?? 0)));
    }).on('error', reject);
  });
}

/**
 * nginx with the nchan module, its defaults, one worker. Events are published by POST, one request
 * per event, pipelined in order on one keep-alive connection; nginx's CPU time (master and worker,
 * from /proc) therefore includes handling the publish requests.
 */
export async function nchan(): Promise<Variant> {
  const nginx = await Nginx.start(MAX_CONNECTIONS);
  const publisher = new Publisher(nginx.port);
  return {
    connect: (_req, res) => res.writeHead(404).end(),
    send(events) {
      for (const event of events) publisher.publish(event.data);
    },
    count: () => subscribers(nginx.port),
    backlog: () => publisher.pending,
    external: {
      port: nginx.port,
      pids: () => nginx.pids(),
      stop() {
        publisher.close();
        nginx.stop();
      },
    },
  };
}
