import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SseChannel } from '../../src/index.js';
import { MemorySink } from './memorySink.js';

const REQUEST = { method: 'GET', url: '/', headers: {}, httpVersionMajor: 1 };
const tick = () => new Promise((resolve) => setImmediate(resolve));

function connect(channel: SseChannel<string>, name: string): MemorySink {
  const sink = new MemorySink();
  channel.attach(sink, channel.decide(REQUEST), name, REQUEST);
  return sink;
}

describe('application mistakes', () => {
  let warnings: Error[];
  const onWarning = (warning: Error) => warnings.push(warning);
  beforeEach(() => {
    warnings = [];
    process.on('warning', onWarning);
  });
  afterEach(() => {
    process.off('warning', onWarning);
  });

  it('delivers a send made inside a disconnect handler to the clients still connected', async () => {
    const channel = new SseChannel<string>({ pingInterval: 0 });
    const leaving = connect(channel, 'leaving');
    const staying = connect(channel, 'staying');
    channel.on('disconnect', (_channel, handle) => channel.send(`${handle} left`));
    channel.removeClient('leaving');
    await tick();
    expect(staying.text).toContain('data: leaving left\n\n');
    expect(leaving.text).not.toContain('left');
  });

  it('never throws from a send made by disconnect handlers while the channel closes', async () => {
    const channel = new SseChannel<string>({ pingInterval: 0 });
    connect(channel, 'a');
    connect(channel, 'b');
    channel.on('disconnect', (_channel, handle) => channel.send(`${handle} left`));
    await expect(channel.close()).resolves.toBeUndefined();
    expect(channel.getConnectionCount()).toBe(0);
  });

  it('treats close() twice as one close: each client disconnects once', async () => {
    const channel = new SseChannel<string>({ pingInterval: 0 });
    const sink = connect(channel, 'a');
    const disconnects: string[] = [];
    channel.on('disconnect', (_channel, handle) => disconnects.push(handle));
    await Promise.all([channel.close(), channel.close()]);
    await channel.close();
    expect(disconnects).toEqual(['a']);
    expect(sink.ended).toBe(true);
  });

  it('keeps one client when the same handle is attached twice', async () => {
    const channel = new SseChannel<string>({ pingInterval: 0 });
    const sink = connect(channel, 'a');
    const again = new MemorySink();
    const first = channel.attach(again, channel.decide(REQUEST), 'a', REQUEST);
    expect(channel.attach(again, channel.decide(REQUEST), 'a', REQUEST)).toBe(first);
    await tick();
    expect(channel.getConnectionCount()).toBe(1);
    expect(again.writes).toEqual([]);
    expect(sink.text).toBe(':ok\n\n');
  });

  it('keeps delivering to every client when a message listener throws, and reports the error as a warning', async () => {
    const channel = new SseChannel<string>({ pingInterval: 0 });
    const sinks = [connect(channel, 'a'), connect(channel, 'b')];
    channel.on('message', () => {
      throw new Error('listener bug');
    });
    expect(() => channel.send('hello')).not.toThrow();
    await tick();
    for (const sink of sinks) expect(sink.text).toContain('data: hello\n\n');
    expect(warnings.map((warning) => warning.message)).toContain('listener bug');
  });

  it('still connects the client when a connect listener throws', async () => {
    const channel = new SseChannel<string>({ pingInterval: 0 });
    channel.on('connect', () => {
      throw new Error('connect bug');
    });
    const sink = connect(channel, 'a');
    channel.send('after');
    await tick();
    expect(channel.getConnectionCount()).toBe(1);
    expect(sink.text).toBe(':ok\n\ndata: after\n\n');
  });

  it('emits every disconnect when a disconnect listener throws during close', async () => {
    const channel = new SseChannel<string>({ pingInterval: 0 });
    for (const name of ['a', 'b', 'c']) connect(channel, name);
    const seen: string[] = [];
    channel.on('disconnect', (_channel, handle) => {
      seen.push(handle);
      throw new Error(`disconnect bug ${handle}`);
    });
    await channel.close();
    await tick();
    expect(seen).toEqual(['a', 'b', 'c']);
    expect(warnings).toHaveLength(3);
  });

  it('hands listener errors to error listeners instead of warning when there are some', async () => {
    const channel = new SseChannel<string>({ pingInterval: 0 });
    const errors: unknown[] = [];
    channel.on('error', (error) => errors.push(error));
    channel.on('message', () => {
      throw new Error('listener bug');
    });
    channel.send('x');
    expect(errors).toEqual([new Error('listener bug')]);
    await tick();
    expect(warnings).toEqual([]);
  });

  it('turns an error listener that throws into a warning', async () => {
    const channel = new SseChannel<string>({ pingInterval: 0 });
    channel.on('error', () => {
      throw new Error('error listener bug');
    });
    channel.on('message', () => {
      throw new Error('listener bug');
    });
    expect(() => channel.send('x')).not.toThrow();
    await tick();
    expect(warnings.map((warning) => warning.message)).toEqual(['error listener bug']);
  });
});
