import { INVALID_OPTIONS } from '@sse-channel/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { SseChannel, type SseChannelOptions, type SseEvent } from '../src/index.js';
import { cleanup, openRaw, serve } from './fixture.js';

afterEach(cleanup);

describe('bad input', () => {
  it.each(INVALID_OPTIONS)('refuses %o at construction, naming the option and the value', (options, type, message) => {
    const construct = () => new SseChannel(options as SseChannelOptions);
    expect(construct).toThrow(type);
    expect(construct).toThrow(message);
  });

  it.each<[string, SseEvent]>([
    ['an id with LF', { id: '1\nevent: injected', data: 'x' }],
    ['an id with CR', { id: '1\revent: injected', data: 'x' }],
    ['an id with NUL', { id: '1\0', data: 'x' }],
    ['an event with LF', { event: 'drink\ndata: injected', data: 'x' }],
    ['an event with CRLF', { event: 'drink\r\ndata: injected', data: 'x' }],
    ['an event with NUL', { event: 'drink\0', data: 'x' }],
  ])('throws a TypeError for %s and sends nothing', async (_, hostile) => {
    const { channel, url } = await serve();
    const raw = openRaw(url);
    await raw.waitFor(':ok\n\n');
    expect(() => channel.send(hostile)).toThrow(TypeError);
    channel.send('end');
    expect(await raw.waitFor('end')).toBe(':ok\n\ndata: end\n\n');
  });

  it('ends the response and rethrows when an option function throws while a client is added', async () => {
    const thrown: unknown[] = [];
    const { channel, url } = await serve(
      { metadata: () => { throw new Error('no tenant'); } },
      { handler: (_req, _res, addClient) => { try { addClient(); } catch (error) { thrown.push(error); } } },
    );
    const raw = openRaw(url);
    await raw.waitForFinish();
    expect(raw.status).toBe(200);
    expect(raw.body).toBe('');
    expect(thrown).toEqual([new Error('no tenant')]);
    expect(channel.getConnectionCount()).toBe(0);
  });

  it('keeps a refused event out of history', async () => {
    const { channel, url } = await serve();
    expect(() => channel.send({ id: '2\nid: 3', data: 'x' })).toThrow(TypeError);
    channel.send({ id: 1, data: 'kept' });
    const raw = openRaw(`${url}?lastEventId=0`);
    expect(await raw.waitFor('kept\n\n')).toBe(':ok\n\nid: 1\ndata: kept\n\n');
  });
});
