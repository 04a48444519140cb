import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '@sse-channel/testkit';
import { cleanup, openRaw, serve } from '../fixture.js';

afterEach(cleanup);

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('flushInterval over real sockets', () => {
  it('writes events sent in separate ticks within the window as one HTTP chunk, once the window ends', async () => {
    const { channel, url } = await serve({ flushInterval: 100 });
    const raw = openRaw(url);
    await raw.waitFor(':ok\n\n');
    const started = performance.now();
    channel.send('a');
    await tick();
    channel.send('b');
    await tick();
    channel.send('c');
    await raw.waitFor('data: c\n\n');
    const elapsed = performance.now() - started;
    expect(raw.chunks).toEqual([':ok\n\n', 'data: a\n\ndata: b\n\ndata: c\n\n']);
    // Timers never fire early; the upper bound only says the window, not some later event, wrote it.
    expect(elapsed).toBeGreaterThanOrEqual(95);
    expect(elapsed).toBeLessThan(2000);
  });

  it("writes a client's first bytes and its replay at once while a long window is open", async () => {
    const { channel, url } = await serve({ flushInterval: 1000, retryTimeout: 500 });
    channel.send({ id: 1, data: 'one' });
    channel.send({ id: 2, data: 'two' });
    const started = performance.now();
    const raw = openRaw(url, { 'Last-Event-ID': '1' });
    await raw.waitFor('data: two\n\n');
    expect(performance.now() - started).toBeLessThan(900);
    expect(raw.chunks).toEqual([':ok\n\nretry: 500\nid: 2\ndata: two\n\n']);
  });

  it('writes what the window holds before close() ends the responses', async () => {
    const { channel, url } = await serve({ flushInterval: 1000 });
    const raw = openRaw(url);
    await waitFor(() => channel.getConnectionCount() === 1);
    const started = performance.now();
    channel.send({ event: 'last', data: 'words' });
    await channel.close();
    await raw.waitForFinish();
    expect(performance.now() - started).toBeLessThan(900);
    expect(raw.body).toBe(':ok\n\nevent: last\ndata: words\n\n');
  });
});
