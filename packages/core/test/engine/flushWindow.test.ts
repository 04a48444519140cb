import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SseChannel } from '../../src/index.js';
import type { MemorySink } from '../MemorySink.js';
import { connect, request, settle } from '../connect.js';
import { RecordingSink } from './RecordingSink.js';

const OK = ':ok\n\n';
const data = (...texts: string[]): string => texts.map((text) => `data: ${text}\n\n`).join('');

describe('flushInterval: a window of events written as one', () => {
  // Only the window's timer is faked: the ticks between sends are real macrotasks.
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }));
  afterEach(() => vi.useRealTimers());

  function windowed(flushInterval = 50): SseChannel<MemorySink> {
    return new SseChannel<MemorySink>({ pingInterval: 0, flushInterval });
  }

  it('writes the events of separate ticks within the window to each client as one write, the same chunk for all', async () => {
    const channel = windowed();
    const sinks = [new RecordingSink(), new RecordingSink(), new RecordingSink()];
    for (const sink of sinks) connect(channel, request(), sink);
    channel.send('a');
    await settle();
    channel.send('b');
    await settle();
    channel.send('c');
    await vi.advanceTimersByTimeAsync(49);
    for (const sink of sinks) expect(sink.chunks).toEqual([OK]);
    await vi.advanceTimersByTimeAsync(1);
    for (const sink of sinks) expect(sink.chunks).toEqual([OK, data('a', 'b', 'c')]);
    const [shared] = sinks[0]?.raw.slice(1) ?? [];
    for (const sink of sinks) expect(sink.raw[1]).toBe(shared);
  });

  it('ends the window the first send opened: later sends do not push it back', async () => {
    const channel = windowed();
    const { sink } = connect(channel);
    channel.send('first');
    await vi.advanceTimersByTimeAsync(40);
    channel.send('second');
    await vi.advanceTimersByTimeAsync(10);
    expect(sink.chunks).toEqual([OK, data('first', 'second')]);
    channel.send('next window');
    await vi.advanceTimersByTimeAsync(49);
    expect(sink.chunks).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(sink.chunks).toEqual([OK, data('first', 'second'), data('next window')]);
  });

  it('runs one timer per window, whatever the number of clients', () => {
    const channel = windowed();
    for (let n = 0; n < 100; n++) connect(channel);
    channel.send('a');
    channel.send('b');
    expect(vi.getTimerCount()).toBe(1);
  });

  it("writes a new client's first bytes and its Last-Event-ID replay at once while a window is open", async () => {
    const channel = new SseChannel<MemorySink>({ pingInterval: 0, flushInterval: 1000, retryTimeout: 500 });
    channel.send({ id: 1, data: 'one' });
    channel.send({ id: 2, data: 'two' });
    const { sink } = connect(channel, request('/events', { 'last-event-id': '1' }));
    expect(sink.chunks).toEqual([`${OK}retry: 500\nid: 2\ndata: two\n\n`]);
    channel.send('after it came');
    await vi.advanceTimersByTimeAsync(1000);
    expect(sink.chunks).toEqual([`${OK}retry: 500\nid: 2\ndata: two\n\n`, data('after it came')]);
  });

  it('keeps targeted sends in order with the window', async () => {
    const channel = windowed();
    const { sink } = connect(channel);
    const other = connect(channel).sink;
    channel.send('all');
    channel.send('only you', [sink]);
    await settle();
    channel.send('all again');
    await vi.advanceTimersByTimeAsync(50);
    expect(sink.chunks).toEqual([OK, data('all', 'only you', 'all again')]);
    expect(other.chunks).toEqual([OK, data('all', 'all again')]);
  });

  it('writes what the window holds before close() ends the connections, and leaves no timer', async () => {
    const channel = windowed(1000);
    const { sink } = connect(channel);
    channel.send('last words');
    await channel.close();
    expect(sink.text).toBe(OK + data('last words'));
    expect(sink.ended).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('writes what the window holds for a client before removeClient stops it, and the others still wait for the window', async () => {
    const channel = windowed(1000);
    const { sink } = connect(channel);
    const other = connect(channel).sink;
    channel.send('before');
    channel.removeClient(sink);
    expect(sink.text).toBe(OK + data('before'));
    expect(other.text).toBe(OK);
    channel.send('after');
    await vi.advanceTimersByTimeAsync(1000);
    expect(sink.text).toBe(OK + data('before'));
    expect(other.text).toBe(OK + data('before', 'after'));
  });

  it('writes in the next microtask without a window (flushInterval 0, the default)', async () => {
    const channel = windowed(0);
    const { sink } = connect(channel);
    channel.send('now');
    await Promise.resolve();
    expect(sink.text).toBe(OK + data('now'));
    expect(vi.getTimerCount()).toBe(0);
  });

  it.each([
    [-1, RangeError, 'flushInterval must be an integer from 0 to 1000 (got -1)'],
    [1001, RangeError, 'flushInterval must be an integer from 0 to 1000 (got 1001)'],
    [2.5, RangeError, 'flushInterval must be an integer from 0 to 1000 (got 2.5)'],
    ['5', TypeError, 'flushInterval must be an integer from 0 to 1000 (got "5")'],
    [true, TypeError, 'flushInterval must be an integer from 0 to 1000 (got true)'],
  ])('refuses flushInterval %o at construction, naming it', (flushInterval, type, message) => {
    const construct = () => new SseChannel({ flushInterval: flushInterval as number });
    expect(construct).toThrow(type);
    expect(construct).toThrow(message);
  });
});
