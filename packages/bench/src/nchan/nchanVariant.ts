import { Agent, request } from 'node:http';
import type { Variant } from '../variants/Variant.js';
import { Nginx } from './Nginx.js';

/** The most clients one scenario opens to nginx. */
const MAX_CONNECTIONS = 19_000;

/**
 * nginx with the nchan module, its defaults, one worker. Events are published by POST over one
 * keep-alive connection, one request per event, in order (an agent with one socket queues them);
 * nginx's CPU time (master and worker, from /proc) therefore includes handling the publish requests.
 */
export async function nchan(): Promise<Variant> {
  const nginx = await Nginx.start(MAX_CONNECTIONS);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const call = (method: string, body?: string) =>
    new Promise<string>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: nginx.port, path: '/pub', method, agent, headers: { Accept: 'text/plain' } }, (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        res.on('end', () => (res.statusCode !== undefined && res.statusCode < 300 ? resolve(text) : reject(new Error(`nchan: ${res.statusCode} ${text}`))));
      });
      req.on('error', reject);
      req.end(body);
    });
  return {
    connect: (_req, res) => res.writeHead(404).end(),
    send(events) {
      for (const event of events) call('POST', event.data).catch((error: Error) => console.error(error.message));
    },
    async count() {
      // The channel's info (GET on the publisher location) says how many subscribers it has.
      const info = await call('GET').catch(() => '');
      return Number(/subscribers:\s*(\d+)/.exec(info)?.[1] ?? 0);
    },
    external: nginx,
  };
}
