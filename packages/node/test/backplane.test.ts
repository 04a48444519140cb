import { MemoryEngine, runBackplaneConformance, type MemoryBackplane } from '@sse-channel/testkit/backplane';
import { SseChannel } from '../src/index.js';

// The reference backplane passes the suite every engine passes: the suite asks nothing an engine-less
// backplane could not do, and an engine package reads this one to see the least it must do.
const engines = new Map<string, MemoryEngine>();

runBackplaneConformance<MemoryBackplane>({
  name: 'the in-memory reference backplane',
  create(namespace, channel) {
    if (!engines.has(namespace)) engines.set(namespace, new MemoryEngine());
    return (engines.get(namespace) as MemoryEngine).backplane(channel);
  },
  cleanup: async (namespace) => void engines.delete(namespace),
  channel: (settings, backplane) => new SseChannel({ ...settings, ...(backplane && { backplane }) }),
});
