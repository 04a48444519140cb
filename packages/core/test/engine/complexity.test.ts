import { describe, expect, it, vi } from 'vitest';
import { History, SseChannel } from '../../src/index.js';
import type { MemorySink } from '../MemorySink.js';
import { connect, settle } from '../connect.js';
import { countOperations } from './countOperations.js';

const frame = new Uint8Array([100, 10, 10]);

/** A full history of `size` entries with ids 1..size. */
function historyOf(size: number): History {
  const history = new History(size);
  for (let id = 1; id <= size; id++) history.add(String(id), frame);
  return history;
}

/** A channel whose history is full with `size` events, ids 1..size. */
function channelWithHistory(size: number): SseChannel<MemorySink> {
  const history = Array.from({ length: size }, (_, i) => ({ id: i + 1, data: 'x' }));
  return new SseChannel<MemorySink>({ pingInterval: 0, historySize: size, history });
}

/** A channel with `count` connected clients whose initial bytes are written. */
async function channelWithClients(count: number): Promise<{ channel: SseChannel<MemorySink>; handles: MemorySink[] }> {
  const channel = new SseChannel<MemorySink>({ pingInterval: 0 });
  const handles = Array.from({ length: count }, () => connect(channel).sink);
  await settle();
  return { channel, handles };
}

describe('history costs the same at any size', () => {
  it('appending an entry, evicting the oldest, makes as many collection operations at 10 as at 10,000 entries', () => {
    const [small, large] = [historyOf(10), historyOf(10_000)];
    const costs = [small, large].map((history) => countOperations(() => history.add('new', frame)));
    expect(costs[0]).toBeGreaterThan(0);
    expect(costs[1]).toBe(costs[0]);
  });

  it('replacing a re-sent id costs the same at 10 as at 10,000 entries', () => {
    const [small, large] = [historyOf(10), historyOf(10_000)];
    const costs = [small, large].map((history) => countOperations(() => history.add('5', frame)));
    expect(costs[1]).toBe(costs[0]);
  });

  it('finding a Last-Event-ID walks only the entries it replays', () => {
    const [small, large] = [historyOf(10), historyOf(10_000)];
    let replayed: Uint8Array[] = [];
    const costs = [small, large].map((history) =>
      countOperations(() => (replayed = history.since(String(history.size - 2)))),
    );
    expect(replayed).toHaveLength(2);
    expect(costs[1]).toBe(costs[0]);
  });

  it('a broadcast send with an id costs the same with 10 or 10,000 events in history', () => {
    const channels = [channelWithHistory(10), channelWithHistory(10_000)];
    const costs = channels.map((channel) => countOperations(() => channel.send({ id: 'next', data: 'x' })));
    expect(costs[1]).toBe(costs[0]);
  });
});

describe('clients cost the same at any count', () => {
  it('removing a client costs the same with 10 or 1,000 clients', async () => {
    const setups = [await channelWithClients(10), await channelWithClients(1000)];
    const costs = setups.map(({ channel, handles }) => countOperations(() => channel.removeClient(handles[5] as MemorySink)));
    expect(setups.map(({ channel }) => channel.getConnectionCount())).toEqual([9, 999]);
    expect(costs[1]).toBe(costs[0]);
  });

  it('a client whose sink closes leaves at the same cost with 10 or 1,000 clients', async () => {
    const setups = [await channelWithClients(10), await channelWithClients(1000)];
    const costs = setups.map(({ channel }) => {
      const { client } = connect(channel);
      return countOperations(() => client.onSinkClose());
    });
    expect(costs[1]).toBe(costs[0]);
  });

  it('runs one keep-alive timer per channel, whatever the number of clients', () => {
    const setInterval = vi.spyOn(globalThis, 'setInterval');
    try {
      const channel = new SseChannel<MemorySink>({ pingInterval: 1000 });
      for (let i = 0; i < 100; i++) connect(channel);
      expect(setInterval).toHaveBeenCalledTimes(1);
      channel.close();
    } finally {
      setInterval.mockRestore();
    }
  });
});
