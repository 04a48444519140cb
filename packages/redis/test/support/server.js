// A server process of the multi-process tests, through the Redis backplane (see the testkit's ServerProcess).
import SseChannel from '@sse-channel/node';
import { redisBackplane } from '@sse-channel/redis';
import { serveForParent } from '@sse-channel/testkit/backplane/serveForParent';

const { REDIS_URL, NAMESPACE, CHANNEL } = process.env;
await serveForParent(SseChannel, redisBackplane({ url: REDIS_URL, prefix: `${NAMESPACE}:`, channel: CHANNEL }));
