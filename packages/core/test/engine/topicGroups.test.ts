import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SseChannel } from '../../src/index.js';
import type { MemorySink } from '../MemorySink.js';
import { connect, request, settle, settleUntil as until } from '../connect.js';
import { TestBackplane } from '../TestBackplane.js';
import { joined, RecordingSink } from './RecordingSink.js';

const OK = ':ok\n\n';
const data = (...texts: string[]): string => texts.map((text) => `data: ${text}\n\n`).join('');
const topic = (name: string, ...texts: string[]): string => texts.map((text) => `event: ${name}\ndata: ${text}\n\n`).join('');

function topicsChannel(): SseChannel<MemorySink> {
  return new SseChannel<MemorySink>({ pingInterval: 0, topics: true });
}

describe('clients of the same topics share one chunk per tick', () => {
  it('writes the very same bytes object to the readers of the same topics, in whatever order they asked for them', async () => {
    const channel = topicsChannel();
    const same = [await joined(channel, '/events?topic=a&topic=b'), await joined(channel, '/events?topic=b&topic=a')];
    const other = await joined(channel, '/events?topic=a');
    channel.topic('a').send('x');
    channel.topic('b').send('y');
    channel.send('z');
    await settle();
    for (const sink of same) expect(sink.chunks).toEqual([topic('a', 'x') + topic('b', 'y') + data('z')]);
    expect(same[1]?.raw[0]).toBe(same[0]?.raw[0]);
    expect(other.chunks).toEqual([topic('a', 'x') + data('z')]);
    expect(other.raw[0]).not.toBe(same[0]?.raw[0]);
  });

  it('gives a member sent to privately during the tick a chunk of its own in send order, and the others the group chunk', async () => {
    const channel = topicsChannel();
    const [privy, other, third] = [await joined(channel, '/events?topic=a'), await joined(channel, '/events?topic=a'), await joined(channel, '/events?topic=a')];
    channel.send('all 1');
    channel.topic('a').send('a1');
    channel.send('you', [privy]);
    channel.topic('a').send('a2');
    channel.send('all 2');
    await settle();
    expect(privy.chunks).toEqual([data('all 1') + topic('a', 'a1') + data('you') + topic('a', 'a2') + data('all 2')]);
    expect(other.chunks).toEqual([data('all 1') + topic('a', 'a1', 'a2') + data('all 2')]);
    expect(third.raw[0]).toBe(other.raw[0]);
  });

  it('keeps the order of a member sent to privately before its group was sent to', async () => {
    const channel = topicsChannel();
    const [privy, other] = [await joined(channel, '/events?topic=a'), await joined(channel, '/events?topic=a')];
    channel.send('you', [privy]);
    channel.topic('a').send('a1');
    channel.send('all');
    await settle();
    expect(privy.chunks).toEqual([data('you') + topic('a', 'a1') + data('all')]);
    expect(other.chunks).toEqual([topic('a', 'a1') + data('all')]);
    channel.topic('a').send('a2');
    await settle();
    expect(privy.raw[1]).toBe(other.raw[1]);
  });

  it('gives a client that joins during the tick only what comes after it, its group sent to or not yet', async () => {
    const channel = topicsChannel();
    const early = await joined(channel, '/events?topic=a');
    channel.topic('a').send('before');
    const late = new RecordingSink();
    connect(channel, request('/events?topic=a'), late);
    channel.send('all');
    const newcomer = new RecordingSink();
    connect(channel, request('/events?topic=b'), newcomer);
    channel.topic('a').send('after');
    channel.topic('b').send('b1');
    await settle();
    expect(early.chunks).toEqual([topic('a', 'before') + data('all') + topic('a', 'after')]);
    expect(late.chunks).toEqual([OK, data('all') + topic('a', 'after')]);
    expect(newcomer.chunks).toEqual([OK, topic('b', 'b1')]);
  });

  it('forgets a group once its last client left, and makes it anew for the next', async () => {
    const channel = topicsChannel();
    const gone = await joined(channel, '/events?topic=a');
    channel.removeClient(gone);
    channel.topic('a').send('nobody');
    const next = await joined(channel, '/events?topic=a');
    channel.topic('a').send('you');
    await settle();
    expect(gone.chunks).toEqual([]);
    expect(next.chunks).toEqual([topic('a', 'you')]);
  });
});

describe('fan-outs of topic events to very many clients, in slices', () => {
  const CLIENTS = 20_000;
  // A clock that moves 1 ms each time it is read: a slice reaches about 1,300 clients.
  beforeEach(() => {
    let clock = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => (clock += 1));
  });
  afterEach(() => vi.restoreAllMocks());

  /** `CLIENTS` clients, alternately of `a` and of `b`. */
  function crowd(channel = topicsChannel()) {
    const clients = Array.from({ length: CLIENTS }, (_, i) => connect(channel, request(`/events?topic=${i % 2 === 0 ? 'a' : 'b'}`)));
    return { channel, clients, sinks: clients.map(({ sink }) => sink) };
  }

  it('hands each group its chunk in slices, each member once and in order, with joins, leaves and private sends mid-fan-out', async () => {
    const { channel, clients, sinks } = crowd();
    channel.topic('a').send('a1');
    channel.topic('b').send('b1');
    await Promise.resolve();
    const first = sinks.filter((sink) => sink.text.length > OK.length).length;
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(CLIENTS / 4);
    const late = connect(channel, request('/events?topic=a')).sink;
    const [gone, privy] = [clients[CLIENTS - 2], clients[CLIENTS - 4]];
    if (!gone || !privy) throw new Error('no clients');
    gone.client.onSinkClose();
    // Removed clients get what was sent before: one the walk of `a` passed, one of `b`, not walked yet.
    const removed = sinks.splice(0, 2) as [MemorySink, MemorySink];
    for (const sink of removed) channel.removeClient(sink);
    channel.send('just you', [privy.sink]);
    channel.topic('a').send('a2');
    const last = sinks[sinks.length - 1] as MemorySink;
    channel.topic('b').send('b2');
    await until(() => last.text.endsWith(topic('b', 'b2')) && privy.sink.text.endsWith(topic('a', 'a2')));
    expect(removed[0].chunks).toEqual([OK, topic('a', 'a1')]);
    expect(removed[1].chunks).toEqual([OK, topic('b', 'b1')]);
    sinks.forEach((sink, i) => {
      if (sink === gone.sink || sink === privy.sink) return;
      expect(sink.chunks).toEqual(i % 2 === 0 ? [OK, topic('a', 'a1'), topic('a', 'a2')] : [OK, topic('b', 'b1'), topic('b', 'b2')]);
    });
    expect(privy.sink.chunks).toEqual([OK, topic('a', 'a1'), data('just you') + topic('a', 'a2')]);
    expect(gone.sink.text).toBe(OK);
    expect(late.chunks).toEqual([OK, topic('a', 'a2')]);
  });

  it('gives a client that joins through a backplane its replay and what follows the cut exactly once, when the cut comes mid-fan-out of its group', async () => {
    const backplane = new TestBackplane();
    const channel = new SseChannel<MemorySink>({ backplane, pingInterval: 0, topics: true });
    const { sinks } = crowd(channel);
    // Last in connection order: the fan-out reaches it last.
    const joining = connect(channel, request('/events?topic=a', { 'last-event-id': '0-0' })).sink;
    void channel.topic('a').send({ id: 'x', data: 'before' });
    await Promise.resolve();
    const replay = backplane.replays[0];
    if (!replay) throw new Error('no replay asked');
    const readers = sinks.filter((_, i) => i % 2 === 0);
    expect(readers.filter((sink) => sink.text.includes('before')).length).toBeLessThan(CLIENTS / 2);
    replay.cut();
    void channel.topic('a').send({ id: 'y', data: 'after' });
    replay.answer({ events: backplane.kept.slice(0, 1), reset: false });
    await until(() => readers.every((sink) => sink.text.includes('after')) && joining.text.includes('after'));
    expect(joining.text).toBe(`${OK}event: a\nid: 1-0\ndata: before\n\nevent: a\nid: 2-0\ndata: after\n\n`);
  });
});
