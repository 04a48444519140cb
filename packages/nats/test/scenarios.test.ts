import { runBackplaneConformance } from '@sse-channel/testkit/backplane';
import { fileURLToPath } from 'node:url';
import { natsBackplane, type NatsBackplane } from '../src/index.js';
import { serveChannel } from './support/channels.js';
import { deleteStreams, NATS_URL } from './support/nats.js';

runBackplaneConformance<NatsBackplane>({
  name: 'NATS',
  create: (namespace, channel) => natsBackplane({ servers: NATS_URL, channel, prefix: namespace }),
  cleanup: (namespace) => deleteStreams(namespace),
  serve: serveChannel,
  processes: { script: fileURLToPath(new URL('./support/server.js', import.meta.url)), env: { NATS_URL } },
});
