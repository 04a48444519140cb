import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SseChannel } from '../../src/index.js';
import { connect, request } from '../connect.js';
import { MemorySink } from '../MemorySink.js';

describe('stallTimeout', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('cuts a client whose transport has not drained for stallTimeout, within a third of it more, as a slow client', async () => {
    const channel = new SseChannel<MemorySink>({ pingInterval: 0, stallTimeout: 900 });
    const seen: string[] = [];
    channel.on('slow-client', (_channel, _handle, bytes) => seen.push(`slow-client ${bytes}`));
    channel.on('disconnect', () => seen.push('disconnect'));
    const stalled = connect(channel, request(), Object.assign(new MemorySink(), { congested: true })).sink;
    const healthy = connect(channel).sink;
    channel.send('queued');
    await vi.advanceTimersByTimeAsync(899);
    expect(stalled.ended).toBe(false);
    await vi.advanceTimersByTimeAsync(300);
    expect(stalled.ended).toBe(true);
    expect(healthy.ended).toBe(false);
    expect(seen).toEqual([`slow-client ${'data: queued\n\n'.length}`, 'disconnect']);
    expect(channel.stats()).toMatchObject({ clients: 1, slowClientDrops: 1 });
    channel.close();
  });

  it('counts from the latest refusal: a drain in between restarts the clock', async () => {
    const channel = new SseChannel<MemorySink>({ pingInterval: 0, stallTimeout: 900 });
    const { sink, client } = connect(channel, request(), Object.assign(new MemorySink(), { congested: true }));
    await vi.advanceTimersByTimeAsync(600);
    client.onSinkDrain();
    channel.send('refused again'); // the sink still says congested: a new stall starts now
    await vi.advanceTimersByTimeAsync(600);
    expect(sink.ended).toBe(false);
    await vi.advanceTimersByTimeAsync(700);
    expect(sink.ended).toBe(true);
  });

  it('never cuts a client that drains, however long it stays connected', async () => {
    const channel = new SseChannel<MemorySink>({ pingInterval: 0, stallTimeout: 100 });
    const { sink, client } = connect(channel);
    for (let i = 0; i < 10; i++) {
      sink.congested = true;
      channel.send(`event ${i}`);
      await vi.advanceTimersByTimeAsync(50);
      sink.congested = false;
      client.onSinkDrain();
    }
    await vi.advanceTimersByTimeAsync(1000);
    expect(sink.ended).toBe(false);
    channel.close();
  });

  it('runs the channel timer without pings only while a client is stalled', () => {
    const channel = new SseChannel<MemorySink>({ pingInterval: 0, stallTimeout: 900 });
    connect(channel);
    expect(vi.getTimerCount()).toBe(0);
    connect(channel, request(), Object.assign(new MemorySink(), { congested: true }));
    expect(vi.getTimerCount()).toBe(1);
    channel.close();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('is off with 0, and refuses what is not an integer >= 0, naming the option', () => {
    expect(() => new SseChannel({ stallTimeout: -1 })).toThrow('stallTimeout must be an integer from 0 to 2147483647 (got -1)');
    expect(() => new SseChannel({ stallTimeout: 1.5 })).toThrow(RangeError);
    const channel = new SseChannel<MemorySink>({ pingInterval: 0, stallTimeout: 0 });
    connect(channel, request(), Object.assign(new MemorySink(), { congested: true }));
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('maxClients', () => {
  it('answers 503 with Retry-After over the limit, and admits again once a client left', () => {
    const channel = new SseChannel<MemorySink>({ pingInterval: 0, maxClients: 2, retryTimeout: 1500 });
    const first = connect(channel).client;
    connect(channel);
    const refused = channel.accept(request(), request(), new MemorySink());
    expect({ status: refused.status, stream: refused.stream, headers: refused.headers }).toEqual({ status: 503, stream: false, headers: { 'Retry-After': '2' } });
    first.close();
    expect(channel.accept(request(), request(), new MemorySink()).status).toBe(200);
  });

  it('says Retry-After 5 without a retryTimeout, exposes it to an allowed origin, and still answers HEAD and preflights', () => {
    const channel = new SseChannel<MemorySink>({ pingInterval: 0, maxClients: 1, cors: { origins: ['https://app.example'] } });
    connect(channel);
    const origin = { origin: 'https://app.example' };
    expect(channel.accept(request('/events', origin), request(), {} as MemorySink).headers).toEqual({
      'Access-Control-Allow-Origin': 'https://app.example',
      'Access-Control-Expose-Headers': 'Retry-After',
      'Retry-After': '5',
      Vary: 'Origin',
    });
    expect(channel.accept(request('/events', origin, 'HEAD'), request(), {} as MemorySink).status).toBe(200);
    expect(channel.accept(request('/events', origin, 'OPTIONS'), request(), {} as MemorySink).status).toBe(204);
  });

  it('refuses what is not an integer >= 1, naming the option', () => {
    expect(() => new SseChannel({ maxClients: 0 })).toThrow('maxClients must be an integer >= 1 (got 0)');
  });
});
