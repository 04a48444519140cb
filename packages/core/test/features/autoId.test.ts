import { describe, expect, it } from 'vitest';
import { SseChannel } from '../../src/index.js';
import { connect, request, settle } from '../connect.js';
import type { MemorySink } from '../MemorySink.js';

describe('autoId', () => {
  it('gives plain strings an id, so they enter history', async () => {
    const channel = new SseChannel<MemorySink>({ autoId: true, pingInterval: 0 });
    channel.send('a');
    const { sink } = connect(channel, request('/events', { 'last-event-id': '0' }));
    await settle();
    expect(sink.text).toBe(':ok\n\nid: 1\ndata: a\n\n');
  });

  it('gives no id to targeted messages, which never enter history', async () => {
    const channel = new SseChannel<MemorySink>({ autoId: true, pingInterval: 0 });
    const { sink } = connect(channel);
    channel.send('private', [sink]);
    channel.send('broadcast');
    await settle();
    expect(sink.text).toBe(':ok\n\ndata: private\n\nid: 1\ndata: broadcast\n\n');
  });

  it('keeps an explicit id and continues after it when it is a greater integer', async () => {
    const channel = new SseChannel<MemorySink>({ autoId: true, pingInterval: 0 });
    const { sink } = connect(channel);
    channel.send('a');
    channel.send({ id: 10, data: 'b' });
    channel.send('c');
    await settle();
    expect(sink.text).toBe(':ok\n\nid: 1\ndata: a\n\nid: 10\ndata: b\n\nid: 11\ndata: c\n\n');
  });

  it('continues after pre-loaded ids that history had no room for', async () => {
    const channel = new SseChannel<MemorySink>({ autoId: true, pingInterval: 0, historySize: 1, history: [{ id: 9 }, { id: 3 }] });
    const { sink } = connect(channel);
    channel.send('next');
    await settle();
    expect(sink.text).toBe(':ok\n\nid: 10\ndata: next\n\n');
  });

  it('passes the message with its id to message listeners', () => {
    const channel = new SseChannel<MemorySink>({ autoId: true, pingInterval: 0 });
    const seen: unknown[] = [];
    channel.on('message', (_channel, message) => seen.push(message));
    channel.send({ event: 'price', data: 1 });
    expect(seen).toEqual([{ event: 'price', data: 1, id: '1' }]);
  });
});
