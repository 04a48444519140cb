import { describe, expect, it } from 'vitest';
import { SseChannel } from '../../src/index.js';
import { connect, request, settle } from '../connect.js';
import { MemorySink } from '../MemorySink.js';

describe('stats()', () => {
  it('starts at zero', () => {
    expect(new SseChannel().stats()).toEqual({
      clients: 0,
      connections: 0,
      eventsSent: 0,
      bytesSent: 0,
      replays: 0,
      replayedEvents: 0,
      resets: 0,
      slowClientDrops: 0,
      droppedBytes: 0,
      expiredConnections: 0,
      historySize: 0,
    });
  });

  it('counts resets and replayed events', async () => {
    const channel = new SseChannel<MemorySink>({ pingInterval: 0, historySize: 2 });
    for (let id = 1; id <= 4; id++) channel.send({ id, data: 'x' });
    connect(channel, request('/events', { 'last-event-id': '1' }));
    connect(channel, request('/events', { 'last-event-id': '3' }));
    await settle();
    expect(channel.stats()).toMatchObject({ connections: 2, replays: 2, replayedEvents: 3, resets: 1 });
  });

  it('counts the bytes dropped from a congested client with drop-oldest', async () => {
    const channel = new SseChannel<MemorySink>({ pingInterval: 0, maxQueuedBytes: 10, slowClientPolicy: 'drop-oldest' });
    // Congested from the first write (`:ok`) on.
    connect(channel, request(), Object.assign(new MemorySink(), { congested: true }));
    channel.send('0123456789');
    await settle();
    channel.send('0123456789');
    await settle();
    const frameBytes = 'data: 0123456789\n\n'.length;
    expect(channel.stats()).toMatchObject({ droppedBytes: 2 * frameBytes, slowClientDrops: 0, clients: 1 });
  });
});
