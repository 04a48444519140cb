import { describe, expect, it } from 'vitest';
import { SseChannel } from '../../src/index.js';
import type { MemorySink } from '../MemorySink.js';
import { connect, request, settle } from '../connect.js';
import { joined, RecordingSink } from './RecordingSink.js';

function channel(): SseChannel<MemorySink> {
  return new SseChannel<MemorySink>({ pingInterval: 0 });
}

describe('coalescing: one write per client per tick', () => {
  it('writes the events of one tick as one chunk holding their exact bytes in order', async () => {
    const target = channel();
    const sink = await joined(target);
    target.send({ id: 1, event: 'a', data: 'one' });
    target.send('two\nlines');
    target.send({ id: 'x', data: 'ünïcødé' });
    await settle();
    expect(sink.chunks).toEqual(['event: a\nid: 1\ndata: one\n\ndata: two\ndata: lines\n\nid: x\ndata: ünïcødé\n\n']);
  });

  it('hands the same chunk object to every client that follows the broadcast', async () => {
    const target = channel();
    const sinks = [await joined(target), await joined(target), await joined(target)];
    for (let i = 0; i < 16; i++) target.send({ id: i, data: String(i) });
    await settle();
    const [first] = sinks[0]?.raw ?? [];
    for (const sink of sinks) expect(sink.raw).toEqual([first]);
    for (const sink of sinks) expect(sink.raw[0]).toBe(first);
  });

  it('writes an event sent alone before any timer could fire, in the microtask after send', async () => {
    const target = channel();
    const sink = await joined(target);
    target.send('alone');
    expect(sink.raw).toHaveLength(0);
    await Promise.resolve();
    expect(sink.chunks).toEqual(['data: alone\n\n']);
  });

  it('writes each later tick as its own chunk', async () => {
    const target = channel();
    const sink = await joined(target);
    target.send('a');
    await settle();
    target.send('b');
    target.send('c');
    await settle();
    expect(sink.chunks).toEqual(['data: a\n\n', 'data: b\n\ndata: c\n\n']);
  });

  it('writes the initial bytes of a client that joins during the tick at once, then only what the tick broadcast after it came', async () => {
    const target = channel();
    const early = await joined(target);
    target.send('before');
    const late = new RecordingSink();
    connect(target, request(), late);
    expect(late.chunks).toEqual([':ok\n\n']);
    target.send('after');
    await settle();
    expect(early.chunks).toEqual(['data: before\n\ndata: after\n\n']);
    expect(late.chunks).toEqual([':ok\n\n', 'data: after\n\n']);
  });

  it('writes one chunk to a client sent to privately in the tick, in send order, and the shared chunk to the others', async () => {
    const target = channel();
    const [privy, other] = [await joined(target), await joined(target)];
    target.send('all 1');
    target.send('only you', [privy]);
    target.send('all 2');
    await settle();
    expect(privy.chunks).toEqual(['data: all 1\n\ndata: only you\n\ndata: all 2\n\n']);
    expect(other.chunks).toEqual(['data: all 1\n\ndata: all 2\n\n']);
  });

  it('sends to a client privately in the next tick through the shared chunk again', async () => {
    const target = channel();
    const [privy, other] = [await joined(target), await joined(target)];
    target.send('only you', [privy]);
    await settle();
    target.send('all');
    await settle();
    expect(privy.raw[1]).toBe(other.raw[0]);
  });
});
