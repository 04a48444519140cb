// A server process of the multi-process tests, through the NATS backplane (see the testkit's ServerProcess).
import SseChannel from '@sse-channel/node';
import { natsBackplane } from '@sse-channel/nats';
import { serveForParent } from '@sse-channel/testkit/backplane/serveForParent';

const { NATS_URL, NAMESPACE, CHANNEL } = process.env;
await serveForParent(SseChannel, natsBackplane({ servers: NATS_URL, prefix: NAMESPACE, channel: CHANNEL }));
