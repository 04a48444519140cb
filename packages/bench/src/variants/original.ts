import { createRequire } from 'node:module';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Variant } from './Variant.js';

interface OriginalChannel {
  addClient(req: IncomingMessage, res: ServerResponse): void;
  send(message: { id: string; data: string }): void;
  getConnectionCount(): number;
}

const require = createRequire(import.meta.url);
const OriginalSseChannel = require('sse-channel') as new () => OriginalChannel;

/** The original `sse-channel` 4.0.2 with its defaults. */
export function original(): Variant {
  const channel = new OriginalSseChannel();
  return {
    connect: (req, res) => channel.addClient(req, res),
    send(events) {
      for (const event of events) channel.send(event);
    },
    count: () => channel.getConnectionCount(),
  };
}
