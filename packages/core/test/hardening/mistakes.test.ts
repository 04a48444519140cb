import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SseChannel } from '../../src/index.js';
import type { MemorySink } from '../MemorySink.js';
import { connect, request, settle } from '../connect.js';

const newChannel = () => new SseChannel<MemorySink>({ pingInterval: 0 });
const sinkOf = (channel: SseChannel<MemorySink>) => connect(channel).sink;

describe('application mistakes', () => {
  // Core reports a listener error nobody listens for with console.error (runtime adapters do it their way).
  let reported: string[];
  beforeEach(() => {
    reported = [];
    vi.spyOn(console, 'error').mockImplementation((error: Error) => reported.push(error.message));
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('delivers a send made inside a disconnect handler to the clients still connected', async () => {
    const channel = newChannel();
    const [leaving, staying] = [sinkOf(channel), sinkOf(channel)];
    channel.on('disconnect', (_channel, handle) => channel.send(handle === leaving ? 'leaving left' : 'other'));
    channel.removeClient(leaving);
    await settle();
    expect(staying.text).toBe(':ok\n\ndata: leaving left\n\n');
    expect(leaving.text).toBe(':ok\n\n');
  });

  it('never throws from a send made by disconnect handlers while the channel closes', async () => {
    const channel = newChannel();
    sinkOf(channel);
    sinkOf(channel);
    channel.on('disconnect', () => channel.send('someone left'));
    await expect(channel.close()).resolves.toBeUndefined();
    expect(channel.getConnectionCount()).toBe(0);
  });

  it('treats close() twice as one close: each client disconnects and is ended once', async () => {
    const channel = newChannel();
    const sink = sinkOf(channel);
    let disconnects = 0;
    channel.on('disconnect', () => disconnects++);
    await Promise.all([channel.close(), channel.close()]);
    await channel.close();
    expect(disconnects).toBe(1);
    expect(sink.ends).toBe(1);
  });

  it('refuses to answer the same handle twice and keeps the first client', async () => {
    const channel = newChannel();
    const { sink, client } = connect(channel);
    expect(() => connect(channel, request(), sink)).toThrow('already a client');
    expect(channel.getClient(sink)).toBe(client);
    await settle();
    expect(channel.getConnectionCount()).toBe(1);
    expect(sink.text).toBe(':ok\n\n');
  });

  it('keeps delivering to every client when a message listener throws, and reports the error', async () => {
    const channel = newChannel();
    const sinks = [sinkOf(channel), sinkOf(channel)];
    channel.on('message', () => {
      throw new Error('listener bug');
    });
    expect(() => channel.send('hello')).not.toThrow();
    await settle();
    for (const sink of sinks) expect(sink.text).toBe(':ok\n\ndata: hello\n\n');
    expect(reported).toEqual(['listener bug']);
  });

  it('still connects the client when a connect listener throws', async () => {
    const channel = newChannel();
    channel.on('connect', () => {
      throw new Error('connect bug');
    });
    const sink = sinkOf(channel);
    channel.send('after');
    await settle();
    expect(channel.getConnectionCount()).toBe(1);
    expect(sink.text).toBe(':ok\n\ndata: after\n\n');
    expect(reported).toEqual(['connect bug']);
  });

  it('emits every disconnect when a disconnect listener throws during close', async () => {
    const channel = newChannel();
    const sinks = [sinkOf(channel), sinkOf(channel), sinkOf(channel)];
    const seen: MemorySink[] = [];
    channel.on('disconnect', (_channel, handle) => {
      seen.push(handle);
      throw new Error('disconnect bug');
    });
    await channel.close();
    await settle();
    expect(seen).toEqual(sinks);
    expect(reported).toEqual(['disconnect bug', 'disconnect bug', 'disconnect bug']);
  });

  it('hands listener errors to error listeners instead of reporting them when there are some', async () => {
    const channel = newChannel();
    const errors: unknown[] = [];
    channel.on('error', (error) => errors.push(error));
    channel.on('message', () => {
      throw new Error('listener bug');
    });
    channel.send('x');
    expect(errors).toEqual([new Error('listener bug')]);
    await settle();
    expect(reported).toEqual([]);
  });

  it('reports what an error listener throws', async () => {
    const channel = newChannel();
    channel.on('error', () => {
      throw new Error('error listener bug');
    });
    channel.on('message', () => {
      throw new Error('listener bug');
    });
    expect(() => channel.send('x')).not.toThrow();
    await settle();
    expect(reported).toEqual(['error listener bug']);
  });
});
