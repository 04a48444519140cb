import SseChannel, { type SseChannelOptions } from '@sse-channel/node';
import type { Variant } from './Variant.js';

/** This project, through `@sse-channel/node`, with its defaults unless `options` says otherwise. */
export function ours(options: SseChannelOptions = {}): Variant {
  const channel = new SseChannel(options);
  return {
    connect: (req, res) => channel.addClient(req, res),
    send(events) {
      for (const event of events) channel.send(event);
    },
    count: () => channel.getConnectionCount(),
  };
}
