import { describe, expect, it } from 'vitest';
import { SseChannel, type SseChannelOptions, type SseClient } from '../../src/index.js';
import type { MemorySink } from '../MemorySink.js';
import { connect, settle } from '../connect.js';

const EVENT = 'data: 0123456789\n\n'; // 18 bytes

/** A channel with one client whose sink is congested once its initial bytes are written. */
async function congestedClient(options: SseChannelOptions): Promise<{
  channel: SseChannel<MemorySink>;
  sink: MemorySink;
  client: SseClient<MemorySink>;
}> {
  const channel = new SseChannel<MemorySink>({ pingInterval: 0, ...options });
  const { sink, client } = connect(channel);
  await settle();
  sink.congested = true;
  channel.send('0123456789'); // accepted by the sink, which now reports back-pressure
  await settle();
  sink.chunks.length = 0;
  return { channel, sink, client };
}

/** Sends `ticks` ticks of one event each. */
async function sendTicks(channel: SseChannel<MemorySink>, ticks: number): Promise<void> {
  for (let i = 0; i < ticks; i++) {
    channel.send('0123456789');
    await settle();
  }
}

describe('bounded backlog of a congested client', () => {
  it('writes nothing more to a congested sink until it drains', async () => {
    const { channel, sink, client } = await congestedClient({ maxQueuedBytes: 1000 });
    await sendTicks(channel, 3);
    expect(sink.chunks).toEqual([]);
    expect(client.queuedBytes).toBe(3 * EVENT.length);
  });

  it('never holds more than maxQueuedBytes for a client (drop-oldest)', async () => {
    const { channel, client } = await congestedClient({ maxQueuedBytes: 100, slowClientPolicy: 'drop-oldest' });
    for (let i = 0; i < 50; i++) {
      channel.send('0123456789');
      await settle();
      expect(client.queuedBytes).toBeLessThanOrEqual(100);
    }
  });

  it('disconnect: ends the client once its backlog goes over the bound, and emits slow-client with the bytes', async () => {
    const { channel, sink, client } = await congestedClient({ maxQueuedBytes: 50 });
    const slow: Array<[MemorySink, number]> = [];
    channel.on('slow-client', (_, handle, bytes) => slow.push([handle, bytes]));
    await sendTicks(channel, 2);
    expect(sink.ended).toBe(false);
    await sendTicks(channel, 1);
    expect(slow).toEqual([[sink, 3 * EVENT.length]]);
    expect(sink.ends).toBe(1);
    expect(client.isClosed).toBe(true);
    expect(client.queuedBytes).toBe(0);
    expect(channel.getConnectionCount()).toBe(0);
  });

  it('disconnect: cuts the connection with destroy() when the sink has one, instead of ending it', async () => {
    const { channel, sink } = await congestedClient({ maxQueuedBytes: 50 });
    let destroyed = 0;
    Object.assign(sink, { destroy: () => destroyed++ });
    await sendTicks(channel, 3);
    expect([destroyed, sink.ends]).toEqual([1, 0]);
    expect(channel.getConnectionCount()).toBe(0);
  });

  it('disconnect: emits disconnect once after slow-client', async () => {
    const { channel, sink } = await congestedClient({ maxQueuedBytes: 50 });
    const events: string[] = [];
    channel.on('slow-client', () => events.push('slow-client'));
    channel.on('disconnect', (_, handle) => events.push(handle === sink ? 'disconnect' : 'other'));
    await sendTicks(channel, 5);
    expect(events).toEqual(['slow-client', 'disconnect']);
  });

  it('drop-oldest: drops whole oldest chunks, keeps the client and emits drop with the dropped bytes', async () => {
    const { channel, sink, client } = await congestedClient({ maxQueuedBytes: 30, slowClientPolicy: 'drop-oldest' });
    const drops: number[] = [];
    channel.on('drop', (_, handle, bytes) => handle === sink && drops.push(bytes));
    for (let i = 1; i <= 4; i++) {
      channel.send(`event ${i}`);
      await settle();
    }
    expect(drops).toEqual([15, 15]); // each 'data: event N\n\n' is 15 bytes
    expect(client.isClosed).toBe(false);
    sink.congested = false;
    client.onSinkDrain();
    expect(sink.chunks).toEqual(['data: event 3\n\ndata: event 4\n\n']);
  });

  it('writes the backlog in order as one chunk on drain, then follows the broadcast again', async () => {
    const { channel, sink, client } = await congestedClient({ maxQueuedBytes: 1000 });
    channel.send('a');
    channel.send('b');
    await settle();
    channel.send('c');
    await settle();
    sink.congested = false;
    client.onSinkDrain();
    channel.send('d');
    await settle();
    expect(sink.chunks).toEqual(['data: a\n\ndata: b\n\ndata: c\n\n', 'data: d\n\n']);
    expect(client.queuedBytes).toBe(0);
  });

  it('queues again when the drained backlog congests the sink, keeping the order', async () => {
    const { channel, sink, client } = await congestedClient({ maxQueuedBytes: 1000 });
    channel.send('a');
    await settle();
    client.onSinkDrain(); // the sink is still congested: the backlog is written and reports back-pressure again
    channel.send('b');
    await settle();
    sink.congested = false;
    client.onSinkDrain();
    expect(sink.chunks).toEqual(['data: a\n\n', 'data: b\n\n']);
  });

  it('keeps delivering to the other clients while one is congested', async () => {
    const { channel } = await congestedClient({ maxQueuedBytes: 50 });
    const { sink: other } = connect(channel);
    await settle();
    await sendTicks(channel, 5);
    expect(other.text.split('data: 0123456789\n\n')).toHaveLength(6);
  });
});

describe('idle clients', () => {
  it('hold nothing queued once the tick is written', async () => {
    const channel = new SseChannel<MemorySink>({ pingInterval: 0 });
    const clients = [connect(channel).client, connect(channel).client];
    channel.send({ id: 1, data: 'x' });
    channel.send('private', [clients[0]?.handle as MemorySink]);
    await settle();
    for (const client of clients) expect(client.queuedBytes).toBe(0);
  });
});
