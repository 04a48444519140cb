import { NatsBackplane } from './NatsBackplane.js';
import type { NatsBackplaneOptions } from './options.js';

export { NatsBackplane, NatsUnavailableError, type NatsBackplaneEvents } from './NatsBackplane.js';
export type { NatsBackplaneOptions } from './options.js';

/**
 * A backplane that makes channels with the same name in many processes one channel, through NATS
 * JetStream: same events, same order, same ids, one shared history.
 *
 * @example
 * const backplane = natsBackplane({ servers: process.env.NATS_URL, channel: 'news' });
 * const channel = new SseChannel({ historySize: 500, backplane });
 * await channel.send({ id: 1, data: 'hello' }); // kept (it has an id); resolves with the id the stream assigned: '1', then '2'…
 * await backplane.close(); // on shutdown: closes its NATS connection
 */
export function natsBackplane(options: NatsBackplaneOptions): NatsBackplane {
  return new NatsBackplane(options);
}
