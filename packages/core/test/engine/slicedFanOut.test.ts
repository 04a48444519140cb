import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SseChannel } from '../../src/index.js';
import type { MemorySink } from '../MemorySink.js';
import { connect, request, settle, settleUntil as until } from '../connect.js';
import { TestBackplane } from '../TestBackplane.js';

const CLIENTS = 20_000;
const OK = ':ok\n\n';
const data = (...texts: string[]): string => texts.map((text) => `data: ${text}\n\n`).join('');

/** How many of `sinks` have got `text` so far. */
const reached = (sinks: MemorySink[], text: string): number => sinks.filter((sink) => sink.text.includes(text)).length;

describe('fan-outs to very many clients, in slices', () => {
  // A clock that moves 1 ms each time it is read: a slice (10 ms, the clock read every 128 clients)
  // reaches about 1,300 clients, whatever the speed of the machine.
  beforeEach(() => {
    let clock = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => (clock += 1));
  });
  afterEach(() => vi.restoreAllMocks());

  function crowd(channel = new SseChannel<MemorySink>({ pingInterval: 0 })) {
    const clients = Array.from({ length: CLIENTS }, () => connect(channel));
    return { channel, clients, sinks: clients.map(({ sink }) => sink) };
  }

  it('hands a tick to part of the clients, yields, then reaches each of them once, with one write per tick', async () => {
    const { channel, sinks } = crowd();
    channel.send('a1');
    channel.send('a2');
    await Promise.resolve();
    const first = reached(sinks, 'a2');
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(CLIENTS / 4);
    await until(() => reached(sinks, 'a2') === CLIENTS);
    for (const sink of sinks) expect(sink.chunks).toEqual([OK, data('a1', 'a2')]);
  });

  it('keeps every client its exact order: later ticks, private sends, clients that join or leave mid-fan-out', async () => {
    const { channel, clients, sinks } = crowd();
    channel.send('a');
    await Promise.resolve();
    // The fan-out of `a` is under way; these come before it reaches most clients.
    const early = connect(channel).sink;
    channel.send('b1');
    const late = connect(channel).sink;
    const last = clients[CLIENTS - 1];
    const gone = clients[CLIENTS - 2];
    const removed = clients[CLIENTS - 3];
    const privy = clients[CLIENTS - 4];
    if (!last || !gone || !removed || !privy) throw new Error('no clients');
    channel.send('just you', [privy.sink]);
    gone.client.onSinkClose();
    channel.removeClient(removed.sink);
    channel.send('b2');
    await settle();
    channel.send('c');
    await until(() => last.sink.text.endsWith(data('c')));
    expect(reached(sinks, 'data: a\n')).toBe(CLIENTS - 1);
    for (const sink of sinks.slice(0, CLIENTS - 4)) expect(sink.text).toBe(OK + data('a', 'b1', 'b2', 'c'));
    expect(privy.sink.text).toBe(OK + data('a', 'b1', 'just you', 'b2', 'c'));
    expect(removed.sink.text).toBe(OK + data('a', 'b1'));
    expect(gone.sink.text).toBe(OK);
    expect(early.text).toBe(OK + data('b1', 'b2', 'c'));
    expect(late.text).toBe(OK + data('b2', 'c'));
  });

  it('gives a client that joins through a backplane its replay and what follows the cut exactly once, when the cut comes mid-fan-out', async () => {
    const backplane = new TestBackplane();
    const channel = new SseChannel<MemorySink>({ backplane, pingInterval: 0 });
    const { sinks } = crowd(channel);
    // Last in connection order: the fan-out reaches it last.
    const joining = connect(channel, request('/events', { 'last-event-id': '0-0' })).sink;
    void channel.send({ id: 'x', data: 'before' });
    await Promise.resolve();
    const replay = backplane.replays[0];
    if (!replay) throw new Error('no replay asked');
    // The fan-out of `before` has not reached the joining client: the cut settles it.
    expect(reached(sinks, 'before')).toBeLessThan(CLIENTS);
    replay.cut();
    void channel.send({ id: 'y', data: 'after' });
    replay.answer({ events: backplane.kept.slice(0, 1), reset: false });
    await until(() => reached(sinks, 'after') === CLIENTS && joining.text.includes('after'));
    expect(joining.text).toBe(`${OK}id: 1-0\ndata: before\n\nid: 2-0\ndata: after\n\n`);
  });

  it('hands a private send to every client in slices too, each its own chunk once, before the next tick', async () => {
    const { channel, sinks } = crowd();
    channel.send('all');
    channel.send('filtered', { filter: () => true });
    await Promise.resolve();
    const first = reached(sinks, 'filtered');
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(CLIENTS / 4);
    const removed = sinks.pop() as MemorySink;
    channel.removeClient(removed);
    channel.send('next');
    await until(() => reached(sinks, 'next') === CLIENTS - 1);
    for (const sink of sinks) expect(sink.chunks).toEqual([OK, data('all', 'filtered'), data('next')]);
    expect(removed.chunks).toEqual([OK, data('all', 'filtered')]);
  });

  it('writes everything to every client at once on close(), however far a fan-out got', async () => {
    const { channel, sinks } = crowd();
    channel.send('a');
    await Promise.resolve();
    channel.send('b');
    await channel.close();
    for (const sink of sinks) {
      expect(sink.text).toBe(OK + data('a', 'b'));
      expect(sink.ended).toBe(true);
    }
  });
});
