import SseChannel from '@sse-channel/node';
import type { Variant } from './Variant.js';

/** This project, through `@sse-channel/node` with its defaults. */
export function ours(): Variant {
  const channel = new SseChannel();
  return {
    connect: (req, res) => channel.addClient(req, res),
    send(events) {
      for (const event of events) channel.send(event);
    },
    count: () => channel.getConnectionCount(),
  };
}
