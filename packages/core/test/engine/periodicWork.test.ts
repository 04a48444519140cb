import { afterEach, describe, expect, it, vi } from 'vitest';
import { History, SseChannel } from '../../src/index.js';
import { CLOSES_PER_SLICE } from '../../src/housekeeping.js';
import { closeExpired } from '../../src/lifetime.js';
import { PING_STEP } from '../../src/PingRound.js';
import { connect, settle, settleUntil } from '../connect.js';
import type { MemorySink } from '../MemorySink.js';

const OK = ':ok\n\n';
const pings = (sink: MemorySink): number => sink.chunks.filter((chunk) => chunk === ':\n').length;

describe("the channel's own periodic work, spread out", () => {
  afterEach(() => vi.useRealTimers());

  it('pings very many clients in steps of a bounded size over a quarter of pingInterval, each once per round', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout', 'performance'] });
    const channel = new SseChannel<MemorySink>({ pingInterval: 1000 });
    const sinks = Array.from({ length: 1000 }, () => connect(channel).sink);
    await vi.advanceTimersByTimeAsync(1000);
    expect(sinks.filter((sink) => pings(sink) === 1)).toHaveLength(PING_STEP);
    const counts: number[] = [];
    for (let elapsed = 0; elapsed < 250; elapsed += 10) {
      await vi.advanceTimersByTimeAsync(10);
      counts.push(sinks.filter((sink) => pings(sink) === 1).length);
    }
    // Every step pinged at most PING_STEP more clients, and the round was over within 250 ms.
    counts.reduce((before, now) => (expect(now - before).toBeLessThanOrEqual(PING_STEP), now), PING_STEP);
    for (const sink of sinks) expect(sink.chunks).toEqual([OK, ':\n']);
    await vi.advanceTimersByTimeAsync(1000);
    for (const sink of sinks) expect(sink.chunks).toEqual([OK, ':\n', ':\n']);
    await channel.close();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('never pings a client later in a round than in the round before, so its pings stay at most pingInterval apart when clients after it left', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout', 'performance', 'Date'] });
    const channel = new SseChannel<MemorySink>({ pingInterval: 1000 });
    const clients = Array.from({ length: 4 * PING_STEP }, () => connect(channel));
    const watched = clients[PING_STEP];
    if (!watched) throw new Error('no clients');
    const pinged: number[] = [];
    const write = watched.sink.write.bind(watched.sink);
    watched.sink.write = (chunk) => (pinged.push(Date.now()), write(chunk));
    await vi.advanceTimersByTimeAsync(1250);
    // Every client after the watched one leaves: it is now last, in the second and final step.
    for (const { client } of clients.slice(PING_STEP + 1)) client.close();
    await vi.advanceTimersByTimeAsync(1000);
    expect(pinged).toHaveLength(2);
    expect((pinged[1] as number) - (pinged[0] as number)).toBeLessThanOrEqual(1000);
    await channel.close();
  });

  it('pings a channel of a few hundred clients all at once, in the tick', async () => {
    const channel = new SseChannel<MemorySink>({ pingInterval: 0 });
    const sinks = Array.from({ length: PING_STEP }, () => connect(channel).sink);
    channel.send('event');
    channel.ping();
    await settleUntil(() => sinks.every((sink) => sink.chunks.length > 1));
    for (const sink of sinks) expect(sink.chunks).toEqual([OK, 'data: event\n\n:\n']);
  });

  it('skips a client that left during a round, and reaches one that joined', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const channel = new SseChannel<MemorySink>({ pingInterval: 4000 });
    const clients = Array.from({ length: 2 * PING_STEP + 1 }, () => connect(channel));
    channel.ping();
    const leaving = clients[clients.length - 1];
    if (!leaving) throw new Error('no clients');
    leaving.client.close();
    const joined = connect(channel).sink;
    await vi.advanceTimersByTimeAsync(1000);
    expect(pings(leaving.sink)).toBe(0);
    expect(pings(joined)).toBe(1);
    for (const { sink } of clients.slice(0, -1)) expect(pings(sink)).toBe(1);
    await channel.close();
  });

  it('closes expired connections in slices, the rest in the macrotasks that follow', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    const channel = new SseChannel<MemorySink>({ pingInterval: 0, maxLifetime: 400, lifetimeJitter: 0 });
    const count = 2 * CLOSES_PER_SLICE + 10;
    const sinks = Array.from({ length: count }, () => connect(channel).sink);
    vi.advanceTimersByTime(400);
    expect(sinks.filter((sink) => sink.ended)).toHaveLength(CLOSES_PER_SLICE);
    await settle();
    expect(sinks.filter((sink) => sink.ended)).toHaveLength(2 * CLOSES_PER_SLICE);
    await settle();
    expect(sinks.every((sink) => sink.ended)).toBe(true);
    expect(channel.stats().expiredConnections).toBe(count);
  });

  it('closes at most the limit it is given', () => {
    const closed: number[] = [];
    const clients = Array.from({ length: 5 }, (_, n) => ({ connectedAt: n, expiresAt: 0, close: () => closed.push(n) }));
    expect(closeExpired(clients, { max: 10, jitter: 0 }, 100, 3)).toBe(3);
    expect(closed).toEqual([0, 1, 2]);
  });

  it('evicts aged history at most `limit` entries at a time, saying when some are left', () => {
    const history = new History(100, 10);
    for (let n = 0; n < 10; n++) history.add(String(n), new Uint8Array(1), n);
    expect(history.expire(100, 4)).toBe(false);
    expect(history.size).toBe(6);
    expect(history.expire(100, 6)).toBe(true);
    expect(history.size).toBe(0);
  });
});
