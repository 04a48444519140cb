import { createChannel, createSession } from 'better-sse';
import type { Variant } from './Variant.js';

/** `better-sse` with its defaults, except that data is written as given (the same bytes as the others). */
export function betterSse(): Variant {
  const channel = createChannel();
  return {
    connect(req, res) {
      void createSession(req, res, { serializer: String }).then((session) => channel.register(session));
    },
    send(events) {
      for (const event of events) channel.broadcast(event.data, 'message', { eventId: event.id });
    },
    count: () => channel.sessionCount,
  };
}
