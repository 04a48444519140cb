import { afterEach, describe, expect, it, vi } from 'vitest';
import { waitFor, type RawStream } from '@sse-channel/testkit';
import { cleanup, openRaw, serve } from '../fixture.js';

afterEach(async () => {
  vi.restoreAllMocks();
  await cleanup();
});

const CLIENTS = 1000;
const EVENTS = 20;
const tick = () => new Promise((resolve) => setImmediate(resolve));
const numbers = (stream: RawStream): number[] => Array.from(stream.body.matchAll(/data: (\d+)\n\n/g), (match) => Number(match[1]));

describe('sliced fan-outs over real sockets', () => {
  it('delivers every event once and in order to each connection while broadcasts go out in slices, to one that connects mid-way too', async () => {
    const { channel, url } = await serve();
    const streams = Array.from({ length: CLIENTS }, () => openRaw(url));
    await waitFor(() => channel.getConnectionCount() === CLIENTS, 30_000, 'every connection');
    // A clock that moves 5 ms each time it is read: each slice reaches about 256 connections.
    let clock = 0;
    vi.spyOn(performance, 'now').mockImplementation(() => (clock += 5));
    let late: RawStream | undefined;
    for (let n = 1; n <= EVENTS; n++) {
      channel.send(String(n));
      if (n === EVENTS / 2) late = openRaw(url);
      await tick();
    }
    const done = (stream: RawStream | undefined) => stream?.body.endsWith(`data: ${EVENTS}\n\n`) === true;
    await waitFor(() => streams.every(done) && done(late), 30_000, 'the last event everywhere');
    const all = Array.from({ length: EVENTS }, (_, n) => n + 1);
    for (const stream of streams) expect(numbers(stream)).toEqual(all);
    // Fewer writes than events: ticks sent while a fan-out ran went out together.
    expect(Math.min(...streams.map((stream) => stream.chunks.length))).toBeLessThan(EVENTS + 1);
    const joined = numbers(late as RawStream);
    expect(late?.body.startsWith(':ok\n\n')).toBe(true);
    expect(joined).toEqual(all.slice(EVENTS - joined.length));
  });
});
