import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SseChannel } from '../../src/index.js';
import { closeExpired, expiryOf } from '../../src/lifetime.js';
import { connect } from '../connect.js';
import type { MemorySink } from '../MemorySink.js';

describe('connection lifetime', () => {
  it('gives each connection a lifetime between max - jitter and max', () => {
    const lifetime = { max: 1000, jitter: 300 };
    const expiries = Array.from({ length: 200 }, () => expiryOf(lifetime, 0));
    expect(Math.min(...expiries)).toBeGreaterThanOrEqual(700);
    expect(Math.max(...expiries)).toBeLessThanOrEqual(1000);
    expect(new Set(expiries).size).toBeGreaterThan(100);
  });

  it('stops looking at the first connection too young to have expired', () => {
    const lifetime = { max: 1000, jitter: 100 };
    const closed: number[] = [];
    const client = (connectedAt: number, expiresAt: number) => ({ connectedAt, expiresAt, close: () => closed.push(connectedAt) });
    const young = { connectedAt: 950, expiresAt: 0, close: () => closed.push(950) };
    expect(closeExpired([client(0, 950), client(10, 1200), young, client(960, 0)], lifetime, 1000)).toBe(1);
    expect(closed).toEqual([0]);
  });
});

describe('the one channel timer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('closes connections at the end of their lifetime and pings on the ping interval meanwhile', async () => {
    const channel = new SseChannel<MemorySink>({ pingInterval: 100, maxLifetime: 400, lifetimeJitter: 0 });
    const { sink } = connect(channel);
    await vi.advanceTimersByTimeAsync(250);
    expect(sink.text).toBe(':ok\n\n:\n:\n');
    expect(sink.ended).toBe(false);
    await vi.advanceTimersByTimeAsync(200);
    expect(sink.ended).toBe(true);
    expect(channel.stats().expiredConnections).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('evicts aged history on its beats', async () => {
    const channel = new SseChannel<MemorySink>({ pingInterval: 100, historyMaxAge: 150 });
    connect(channel);
    channel.send({ id: 1, data: 'a' });
    await vi.advanceTimersByTimeAsync(300);
    expect(channel.stats().historySize).toBe(0);
  });

  it('runs one timer for any number of clients', () => {
    const channel = new SseChannel<MemorySink>({ pingInterval: 100, maxLifetime: 400 });
    for (let n = 0; n < 5; n++) connect(channel);
    expect(vi.getTimerCount()).toBe(1);
    channel.close();
    expect(vi.getTimerCount()).toBe(0);
  });
});
