import { createServer } from 'node:http';
import compression from 'compression';
import type { Express, NextFunction, Request, Response } from 'express';
import { listen, stop } from '@sse-channel/testkit';
import type { Transport } from '@sse-channel/testkit/scenarios';
import { SseChannel, sse } from '../src/index.js';

/** The scenarios' app on an express application (express 5, or 4 given its factory). */
export function expressTransport(name: string, express: () => Express): Transport<SseChannel> {
  return {
    name,
    // compression leaves a response with Cache-Control: no-transform (the channel's) unencoded.
    capabilities: { compression: 'none' },
    createChannel: (settings) => new SseChannel(settings),
    async serve({ channel, authorize, onError, compression: compress }) {
      const app = express();
      if (compress) app.use(compression());
      const source = typeof channel === 'function' ? (req: Request) => channel(String(req.params['name'])) : channel;
      app.all('/events/:name', sse(source, { authorize: authorize && ((req) => authorize(req.headers)), onError }));
      // Records what reaches express's error handling, then hands it on to the default handler.
      const errors: unknown[] = [];
      app.use((error: unknown, _req: Request, _res: Response, next: NextFunction) => {
        errors.push(error);
        next(error);
      });
      const server = createServer(app);
      return { url: await listen(server), server, stop: () => stop(server), errors };
    },
  };
}
