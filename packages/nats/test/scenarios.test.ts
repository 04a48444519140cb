import { fileURLToPath } from 'node:url';
import SseChannel from '@sse-channel/node';
import { runBackplaneConformance } from '@sse-channel/testkit/backplane';
import { natsBackplane, type NatsBackplane } from '../src/index.js';
import { deleteStreams, NATS_URL } from './support/nats.js';

runBackplaneConformance<NatsBackplane>({
  name: 'NATS',
  create: (namespace, channel) => natsBackplane({ servers: NATS_URL, channel, prefix: namespace }),
  cleanup: (namespace) => deleteStreams(namespace),
  channel: (settings, backplane) => new SseChannel({ ...settings, ...(backplane && { backplane }) }),
  processes: { script: fileURLToPath(new URL('./support/server.js', import.meta.url)), env: { NATS_URL } },
});
