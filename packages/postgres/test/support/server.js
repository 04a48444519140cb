// A server process of the multi-process tests, through the PostgreSQL backplane (see the testkit's ServerProcess).
import SseChannel from '@sse-channel/node';
import { postgresBackplane } from '@sse-channel/postgres';
import { serveForParent } from '@sse-channel/testkit/backplane/serveForParent';

const { DATABASE_URL, NAMESPACE, CHANNEL } = process.env;
await serveForParent(SseChannel, postgresBackplane({ url: DATABASE_URL, schema: NAMESPACE, channel: CHANNEL }));
