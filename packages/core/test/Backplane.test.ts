import { describe, expect, it } from 'vitest';
import { SseChannel } from '../src/index.js';
import { MemorySink } from './MemorySink.js';
import { connect, request, settle } from './connect.js';
import { TestBackplane } from './TestBackplane.js';

describe('a channel with a backplane', () => {
  it('publishes broadcasts and delivers only what the backplane hands back, with its ids', async () => {
    const backplane = new TestBackplane();
    const channel = new SseChannel<MemorySink>({ backplane, pingInterval: 0 });
    const { sink } = connect(channel);
    expect(await channel.send({ id: 'mine', event: 'price', data: 42 })).toBe('1-0');
    expect(await channel.send('not kept')).toBeUndefined();
    await settle();
    expect(sink.text).toBe(':ok\n\nevent: price\nid: 1-0\ndata: 42\n\ndata: not kept\n\n');
  });

  it('keeps private messages local', async () => {
    const backplane = new TestBackplane();
    const channel = new SseChannel<MemorySink>({ backplane, pingInterval: 0 });
    const { sink } = connect(channel);
    expect(channel.send('just you', [sink])).toBeUndefined();
    await settle();
    expect(sink.text).toBe(':ok\n\ndata: just you\n\n');
    expect(backplane.kept).toHaveLength(0);
  });

  it('throws on a hostile id or event name and publishes nothing', () => {
    const backplane = new TestBackplane();
    const channel = new SseChannel<MemorySink>({ backplane });
    expect(() => channel.send({ id: 'a\nb', data: 'x' })).toThrow(TypeError);
    expect(() => channel.send({ event: 'a\0b', data: 'x' })).toThrow(TypeError);
    expect(backplane.kept).toHaveLength(0);
  });

  it('writes opening frames at once, then the replay, then what was delivered after the cut', async () => {
    const backplane = new TestBackplane();
    const channel = new SseChannel<MemorySink>({ backplane, pingInterval: 0, retryTimeout: 500 });
    await channel.send({ id: 1, data: 'a' });
    await channel.send({ id: 1, data: 'b' });
    const { sink } = connect(channel, request('/events', { 'last-event-id': '1-0' }));
    await settle();
    expect(sink.text).toBe(':ok\n\nretry: 500\n');
    await channel.send({ id: 1, data: 'c (before the cut: in the replay)' });
    await settle();
    backplane.replays[0]!.cut();
    await channel.send({ id: 1, data: 'd (after the cut)' });
    await settle();
    const replay = backplane.replays[0]!;
    replay.answer({ events: backplane.kept.slice(1, 3), reset: false });
    await settle();
    expect(sink.text).toBe(
      ':ok\n\nretry: 500\nid: 2-0\ndata: b\n\nid: 3-0\ndata: c (before the cut: in the replay)\n\nid: 4-0\ndata: d (after the cut)\n\n',
    );
    await channel.send({ id: 1, data: 'e' });
    await settle();
    expect(sink.text.endsWith('id: 5-0\ndata: e\n\n')).toBe(true);
  });

  it('sends the reset event before the replay and says reset in connect when the backplane lost the Last-Event-ID', async () => {
    const backplane = new TestBackplane();
    const channel = new SseChannel<MemorySink>({ backplane, pingInterval: 0 });
    const infos: Array<{ replayed: number; reset: boolean }> = [];
    channel.on('connect', (_channel, _request, _handle, { replayed, reset }) => infos.push({ replayed, reset }));
    await channel.send({ id: 1, data: 'kept' });
    const { sink } = connect(channel, request('/events', { 'last-event-id': '0-5' }));
    await settle();
    expect(infos).toEqual([]);
    backplane.replays[0]!.cut();
    backplane.replays[0]!.answer({ events: [backplane.kept[0]!], reset: true });
    await settle();
    expect(sink.text).toBe(':ok\n\nevent: sse-channel:reset\ndata: 0-5\n\nid: 1-0\ndata: kept\n\n');
    expect(infos).toEqual([{ replayed: 1, reset: true }]);
    expect(channel.stats()).toMatchObject({ resets: 1, replays: 1, replayedEvents: 1 });
  });

  it('names the reset event as resetEvent says, and sends none when it is false', async () => {
    for (const [resetEvent, expected] of [['resync', 'event: resync\ndata: 9\n\n'], [false, '']] as const) {
      const backplane = new TestBackplane();
      const channel = new SseChannel<MemorySink>({ backplane, pingInterval: 0, resetEvent });
      const { sink } = connect(channel, request('/events', { 'last-event-id': '9' }));
      await settle();
      backplane.replays[0]!.answer({ events: [], reset: true });
      await settle();
      expect(sink.text).toBe(`:ok\n\n${expected}`);
    }
  });

  it('emits connect before disconnect for a client that leaves during its replay', async () => {
    const backplane = new TestBackplane();
    const channel = new SseChannel<MemorySink>({ backplane, pingInterval: 0 });
    const seen: string[] = [];
    channel.on('connect', (_channel, _request, _handle, { replayed }) => seen.push(`connect ${replayed}`));
    channel.on('disconnect', () => seen.push('disconnect'));
    const { sink } = connect(channel, request('/events', { 'last-event-id': '3' }));
    await settle();
    channel.removeClient(sink);
    backplane.replays[0]!.answer({ events: [], reset: false });
    await settle();
    expect(seen).toEqual(['connect 0', 'disconnect']);
  });

  it('drops a client whose held live events go over maxQueuedBytes during its replay, as a slow client', async () => {
    const backplane = new TestBackplane();
    const channel = new SseChannel<MemorySink>({ backplane, pingInterval: 0, maxQueuedBytes: 100 });
    const seen: string[] = [];
    channel.on('connect', () => seen.push('connect'));
    channel.on('slow-client', (_channel, _handle, bytes) => seen.push(`slow-client ${bytes > 100}`));
    channel.on('disconnect', () => seen.push('disconnect'));
    const { sink } = connect(channel, request('/events', { 'last-event-id': '1' }));
    await settle();
    await channel.send({ id: 1, data: 'x'.repeat(60) });
    await settle();
    expect(sink.ended).toBe(false);
    await channel.send({ id: 1, data: 'y'.repeat(60) });
    await settle();
    expect(sink.ended).toBe(true);
    expect(seen).toEqual(['connect', 'slow-client true', 'disconnect']);
    expect(channel.getConnectionCount()).toBe(0);
    backplane.replays[0]!.answer({ events: [], reset: false });
    await settle();
    expect(sink.text).toBe(':ok\n\n');
    expect(channel.stats().slowClientDrops).toBe(1);
  });

  it('writes the opening frames before a replay the backplane answers at once', async () => {
    const backplane = new TestBackplane();
    backplane.replay = (_lastEventId, cut) => {
      cut();
      return Promise.resolve({ events: [{ id: '1', data: 'kept' }], reset: false });
    };
    const channel = new SseChannel<MemorySink>({ backplane, pingInterval: 0, retryTimeout: 500 });
    const { sink } = connect(channel, request('/events', { 'last-event-id': '0' }));
    await settle();
    expect(sink.text).toBe(':ok\n\nretry: 500\nid: 1\ndata: kept\n\n');
  });

  it('ends a client whose replay fails, so it reconnects with the same Last-Event-ID', async () => {
    const backplane = new TestBackplane();
    const channel = new SseChannel<MemorySink>({ backplane, pingInterval: 0 });
    const { sink } = connect(channel, request('/events', { 'last-event-id': '7-0' }));
    backplane.replays[0]!.fail();
    await settle();
    expect(sink.ended).toBe(true);
  });

  it('does not let an unawaited rejected send reach the process as an unhandled rejection', async () => {
    const channel = new SseChannel<MemorySink>({
      backplane: { open: () => undefined, publish: () => Promise.reject(new Error('away')), replay: () => Promise.resolve({ events: [], reset: false }) },
    });
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', record);
    void channel.send('x');
    await settle();
    await settle();
    process.off('unhandledRejection', record);
    expect(unhandled).toEqual([]);
    await expect(channel.send('x')).rejects.toThrow('away');
  });

  it('sendEventsSinceId reads the events from the backplane and queues them for that client, the reset event first', async () => {
    const backplane = new TestBackplane();
    const channel = new SseChannel<MemorySink>({ backplane, pingInterval: 0 });
    const { sink } = connect(channel);
    const other = connect(channel).sink;
    await settle();
    const queued = channel.sendEventsSinceId(sink, '1');
    expect(backplane.replays[0]?.lastEventId).toBe('1');
    backplane.replays[0]!.answer({ events: [{ id: '3', data: 'c' }], reset: true });
    await queued;
    await settle();
    expect(sink.text).toBe(':ok\n\nevent: sse-channel:reset\ndata: 1\n\nid: 3\ndata: c\n\n');
    expect(other.text).toBe(':ok\n\n');
    expect(channel.stats()).toMatchObject({ replayedEvents: 1, resets: 1 });
  });

  it('sendEventsSinceId rejects when the backplane cannot read, and never as an unhandled rejection', async () => {
    const backplane = new TestBackplane();
    const channel = new SseChannel<MemorySink>({ backplane, pingInterval: 0 });
    const { sink } = connect(channel);
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', record);
    const queued = channel.sendEventsSinceId(sink, 1);
    backplane.replays[0]!.fail();
    await settle();
    await settle();
    process.off('unhandledRejection', record);
    expect(unhandled).toEqual([]);
    await expect(queued).rejects.toBeUndefined();
  });

  it('refuses options that shape the local history, naming the option', () => {
    const backplane = new TestBackplane();
    expect(() => new SseChannel({ backplane, history: [{ id: 1, data: 'x' }] })).toThrow('history cannot be used with a backplane: the history lives in the backplane (got an array)');
    expect(() => new SseChannel({ backplane, historyMaxAge: 1000 })).toThrow('historyMaxAge cannot be used with a backplane: the history lives in the backplane (got 1000)');
    expect(() => new SseChannel({ backplane, firstConnect: 'all' })).toThrow(RangeError);
  });
});
