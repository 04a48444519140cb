import { describe, expect, it } from 'vitest';
import { SseChannel } from '../../src/index.js';
import type { MemorySink } from '../MemorySink.js';
import { connect, request, settle } from '../connect.js';
import { countOperations } from './countOperations.js';

/** A topics channel with 5 readers of `a` and `b/*`, and `others` clients that each read 3 other topics or patterns. */
async function channelWith(others: number): Promise<{ channel: SseChannel<MemorySink>; readers: MemorySink[] }> {
  const channel = new SseChannel<MemorySink>({ pingInterval: 0, topics: true });
  for (let i = 0; i < others; i++) connect(channel, request(`/events?topic=t${i}&topic=p${i}/*&topic=a/${i}`));
  const readers = Array.from({ length: 5 }, () => connect(channel, request('/events?topic=a&topic=b/*')).sink);
  await settle();
  return { channel, readers };
}

describe('topics cost what their readers cost, whatever the number of other clients and topics', () => {
  it('sending to a topic costs the same with 10 or 1,000 clients of other topics and patterns', async () => {
    const setups = [await channelWith(10), await channelWith(1000)];
    const costs = setups.map(({ channel }) => countOperations(() => channel.topic('a').send('x')));
    expect(costs[0]).toBeGreaterThan(0);
    expect(costs[1]).toBe(costs[0]);
  });

  it('sending to a topic under a pattern costs the same with 10 or 1,000 other patterns', async () => {
    const setups = [await channelWith(10), await channelWith(1000)];
    const costs = setups.map(({ channel }) => countOperations(() => channel.topic('b/c/d').send('x')));
    expect(costs[1]).toBe(costs[0]);
  });

  it('subscribing costs the same with 10 or 1,000 clients, and leaving too', async () => {
    const setups = [await channelWith(10), await channelWith(1000)];
    const joins = setups.map(({ channel }) => countOperations(() => connect(channel, request('/events?topic=a&topic=b/*&topic=t5'))));
    expect(joins[1]).toBe(joins[0]);
    const leaves = setups.map(({ channel, readers }) => countOperations(() => channel.removeClient(readers[2] as MemorySink)));
    expect(leaves[1]).toBe(leaves[0]);
  });
});
