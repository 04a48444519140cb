import { fileURLToPath } from 'node:url';
import SseChannel from '@sse-channel/node';
import { runBackplaneConformance } from '@sse-channel/testkit/backplane';
import { redisBackplane, type RedisBackplane } from '../src/index.js';
import { deleteKeys, REDIS_URL } from './support/redis.js';

runBackplaneConformance<RedisBackplane>({
  name: 'Redis',
  create: (namespace, channel) => redisBackplane({ url: REDIS_URL, channel, prefix: `${namespace}:` }),
  cleanup: (namespace) => deleteKeys(`${namespace}:`),
  channel: (settings, backplane) => new SseChannel({ ...settings, ...(backplane && { backplane }) }),
  processes: { script: fileURLToPath(new URL('./support/server.js', import.meta.url)), env: { REDIS_URL } },
});
