import SseChannel, { type SseChannelOptions } from '@sse-channel/node';
import type { Variant } from './Variant.js';

/** The channel's options as the bench passes them; `flushInterval` is the coalescing window in ms. */
type Options = SseChannelOptions & { flushInterval?: number };

/** This project, through `@sse-channel/node`, with its defaults unless `options` says otherwise. */
export function ours(options: Options = {}): Variant {
  const channel = new SseChannel(options);
  return {
    connect: (req, res) => channel.addClient(req, res),
    send(events) {
      for (const event of events) channel.send(event);
    },
    count: () => channel.getConnectionCount(),
  };
}
