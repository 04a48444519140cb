import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../waitFor.js';
import type { Harness } from './Harness.js';
import type { ChannelSettings, ScenarioChannel, ScenarioClient, ScenarioEvent } from './transport.js';

/** What browsers and the `eventsource` client (through fetch) accept. */
const GZIP = { 'Accept-Encoding': 'gzip, deflate' };
/** A client must have what the channel wrote within this, with nothing sent after it connected. */
const AT_ONCE = 1000;
const HISTORY: ScenarioEvent[] = [1, 2, 3].map((id) => ({ id, data: `missed ${id}` }));
/** The first browser test of a file also launches Chromium: seconds on a busy machine. */
const BROWSER_TIMEOUT = 30_000;
const data = (events: Array<{ data: string }>) => events.map((event) => event.data);

/**
 * The framework's usual compression never holds bytes back: whatever the channel writes — at
 * connect, in a replay, or live — reaches a client that accepts gzip at once, read through real
 * decompressing clients. No event is sent after the client connected and there are no pings, so
 * nothing but the adapter's own flushing can push the bytes out of a compressor.
 */
export function compressionScenarios<C extends ScenarioChannel>(h: Harness<C>): void {
  const compression = h.transport.capabilities?.compression ?? 'none';
  const start = (settings: ChannelSettings = {}) => h.start({ pingInterval: false, ...settings }, { compression: true });

  describe.skipIf(compression === false)('with compression on', () => {
    it(`sends the opening :ok and retry at once, ${compression === 'gzip' ? 'gzip-encoded' : 'not encoded'} as the framework does`, async () => {
      const { url } = await start({ retryTimeout: 250 });
      const body = h.fetched(url, GZIP);
      await body.waitFor(':ok\n\nretry: 250\n', 2 * AT_ONCE);
      expect(body.contentEncoding).toBe(compression === 'gzip' ? 'gzip' : null);
    });

    describe('the eventsource client', () => {
      it('opens the stream', async () => {
        const { url } = await start();
        await h.events(url, { headers: GZIP }).opened();
      });

      it('gets the events it missed from a quiet channel at once (Last-Event-ID)', async () => {
        const { url } = await start({ history: HISTORY });
        const stream = h.events(url, { headers: { ...GZIP, 'Last-Event-ID': '1' } });
        await stream.opened();
        expect(data(await stream.received(2, AT_ONCE))).toEqual(['missed 2', 'missed 3']);
      });

      it('gets the history at once on a first connection with firstConnect all', async () => {
        const { url } = await start({ history: HISTORY, firstConnect: 'all' });
        const stream = h.events(url, { headers: GZIP });
        await stream.opened();
        expect(data(await stream.received(3, AT_ONCE))).toEqual(['missed 1', 'missed 2', 'missed 3']);
      });

      it('gets a live event at once', async () => {
        const { channel, url } = await start();
        const stream = h.events(url, { headers: GZIP });
        await stream.opened();
        await waitFor(() => channel.getConnectionCount() === 1);
        channel.send({ id: 1, data: 'not held back' });
        expect((await stream.received(1, AT_ONCE))[0]?.data).toBe('not held back');
      });

      // A compressor that took one large write backs up; the next tick's bytes reach it only when it drains.
      it('gets large events written tick after tick at once', async () => {
        const { channel, url } = await start();
        const stream = h.events(url, { headers: GZIP });
        await stream.opened();
        await waitFor(() => channel.getConnectionCount() === 1);
        // Random text, which gzip cannot shrink much.
        const sent = Array.from({ length: 8 }, (_, index) => `${index} ${randomBytes(48 * 1024).toString('base64')}`);
        for (const event of sent) {
          channel.send(event);
          await new Promise((resolve) => setImmediate(resolve));
        }
        expect(data(await stream.received(sent.length, 3 * AT_ONCE))).toEqual(sent);
      });
    });

    // One page and one server for all of it: a browser page costs far more than a request.
    it('gets every write at once in headless Chromium: a replay, a first connection, a live event, a reconnect', async () => {
      const quiet = { pingInterval: false, history: HISTORY } as const;
      const live = h.channel({ pingInterval: false, retryTimeout: 50 });
      const channels = new Map([['replay', h.channel(quiet)], ['first', h.channel({ ...quiet, firstConnect: 'all' })], ['live', live]]);
      let dropped: ScenarioClient | undefined;
      live.once('connect', (_channel, _request, _handle, { client }) => (dropped = client));
      const { url } = await h.serve({ channel: (name) => channels.get(name), compression: true });
      const replayed = await h.browser(`${url}/events/replay?lastEventId=1`);
      const first = await h.browser(`${url}/events/first`);
      const reconnecting = await h.browser(`${url}/events/live`);
      await Promise.all([replayed.opened(), first.opened(), reconnecting.opened()]);
      expect(data(await replayed.received(2, AT_ONCE))).toEqual(['missed 2', 'missed 3']);
      expect(data(await first.received(3, AT_ONCE))).toEqual(['missed 1', 'missed 2', 'missed 3']);
      await waitFor(() => dropped !== undefined);
      live.send({ id: 1, data: 'live' });
      expect(data(await reconnecting.received(1, AT_ONCE))).toEqual(['live']);
      // Dropped by the server (it leaves the channel at once, so these two only enter history), it
      // reconnects with Last-Event-ID 1 to a channel that stays quiet.
      dropped?.close();
      live.send({ id: 2, data: 'missed 2' });
      live.send({ id: 3, data: 'missed 3' });
      await reconnecting.opened(2);
      expect(data(await reconnecting.received(3, AT_ONCE))).toEqual(['live', 'missed 2', 'missed 3']);
    }, BROWSER_TIMEOUT);
  });
}
