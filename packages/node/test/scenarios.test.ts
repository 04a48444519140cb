import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import compression from 'compression';
import { admission } from '@sse-channel/core';
import { listen, stop } from '@sse-channel/testkit';
import { runScenarios } from '@sse-channel/testkit/scenarios';
import { SseChannel } from '../src/index.js';

// Plain node:http has no router or authorize option: the app does what an adapter would, with core's admission().
runScenarios<SseChannel>({
  name: 'node:http',
  // compression leaves a response with Cache-Control: no-transform (the channel's) unencoded.
  capabilities: { compression: 'none' },
  createChannel: (settings) => new SseChannel(settings),
  async serve({ channel, authorize, onError, compression: compress }) {
    // The app's own error channel: what it could not admit. node's 'clientError' is not one: node emits
    // it (ECONNRESET) for every reset connection, whatever the response, and ignores it by default.
    const errors: unknown[] = [];
    const source = typeof channel === 'function' ? (req: IncomingMessage) => channel(eventsName(req)) : channel;
    const admit = admission(source, { authorize: authorize && ((req) => authorize(req.headers)), onError: onError ?? ((error) => errors.push(error)) });
    const handle = async (req: IncomingMessage, res: ServerResponse) => {
      const found = await admit(req, req.method ?? 'GET');
      if (typeof found === 'number') res.writeHead(found).end();
      else found.addClient(req, res);
    };
    // compression's types ask for express requests; it only uses what node:http has.
    const gzip = compression() as unknown as (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
    const server = createServer((req, res) => {
      if (compress) gzip(req, res, () => void handle(req, res));
      else void handle(req, res);
    });
    return { url: await listen(server), server, stop: () => stop(server), errors };
  },
});

function eventsName(req: IncomingMessage): string {
  return new URL(req.url ?? '/', 'http://localhost').pathname.split('/')[2] ?? '';
}
