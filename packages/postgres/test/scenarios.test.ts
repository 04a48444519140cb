import { runBackplaneConformance } from '@sse-channel/testkit/backplane';
import { fileURLToPath } from 'node:url';
import SseChannel from '@sse-channel/node';
import { postgresBackplane, type PostgresBackplane } from '../src/index.js';
import { DATABASE_URL, dropSchema } from './support/postgres.js';

runBackplaneConformance<PostgresBackplane>({
  name: 'PostgreSQL',
  create: (namespace, channel) => postgresBackplane({ url: DATABASE_URL, channel, schema: namespace }),
  cleanup: (namespace) => dropSchema(namespace),
  channel: (settings, backplane) => new SseChannel({ ...settings, ...(backplane && { backplane }) }),
  processes: { script: fileURLToPath(new URL('./support/server.js', import.meta.url)), env: { DATABASE_URL } },
});
