import { EventStream, RawStream, waitFor } from '@sse-channel/testkit';
import type { ConnectInfo, SseChannel, SseChannelOptions, SseClient } from '@sse-channel/core';
import { afterEach, describe, expect, it } from 'vitest';
import type { FeatureHarness, FeatureServer } from './harness.js';

/** The ids of the events a stream received, as numbers. */
function ids(stream: EventStream): number[] {
  return stream.events.map((event) => Number(event.lastEventId));
}

/** The integers from `first` to `last`. */
function range(first: number, last: number): number[] {
  return Array.from({ length: last - first + 1 }, (_, index) => first + index);
}

/** Resolves with the `ConnectInfo` of the next client to connect. */
function nextConnect<H, R>(channel: SseChannel<H, R>): Promise<ConnectInfo<SseClient<H>>> {
  return new Promise((resolve) => channel.once('connect', (_channel, _request, _handle, info) => resolve(info)));
}

/**
 * The production features, end to end over one adapter's real server, read with the `eventsource`
 * client and raw sockets. Every adapter runs the same scenarios.
 */
export function featureScenarios<H, R>(adapter: string, harness: FeatureHarness<H, R>): void {
  describe(`features over ${adapter}`, () => {
    let server: FeatureServer<H, R> | undefined;
    const clients: Array<{ close(): void }> = [];

    afterEach(async () => {
      for (const client of clients.splice(0)) client.close();
      await server?.close();
      server = undefined;
    });

    async function serve(options: SseChannelOptions<R>): Promise<FeatureServer<H, R>> {
      server = await harness.serve({ pingInterval: 0, ...options });
      return server;
    }
    function eventStream(url: string, headers: Record<string, string> = {}, types: string[] = []): EventStream {
      const stream = new EventStream(url, { headers, types });
      clients.push(stream);
      return stream;
    }
    function rawStream(url: string, headers: Record<string, string> = {}): RawStream {
      const stream = new RawStream(url, headers);
      clients.push(stream);
      return stream;
    }
    function history(channel: SseChannel<H, R>, count: number): void {
      for (let id = 1; id <= count; id++) channel.send({ id, data: `e${id}` });
    }

    describe('autoId', () => {
      it('numbers broadcast events with increasing ids', async () => {
        const { url, channel } = await serve({ autoId: true });
        const stream = eventStream(url);
        await stream.opened();
        channel.send('a');
        channel.send({ data: 'b' });
        channel.send({ event: 'message', data: 'c' });
        await stream.received(3);
        expect(stream.events.map((event) => event.lastEventId)).toEqual(['1', '2', '3']);
      });

      it('continues after the greatest pre-loaded id, so ids never go backwards across a restart', async () => {
        const preloaded = [{ id: 41, data: 'x' }, { id: 42, data: 'y' }];
        const { url, channel } = await serve({ autoId: true, history: preloaded, firstConnect: 'all' });
        const stream = eventStream(url);
        await stream.received(2);
        channel.send('z');
        await stream.received(3);
        expect(ids(stream)).toEqual([41, 42, 43]);
      });
    });

    describe('gap-free hand-off', () => {
      it('delivers events sent during 100 reconnects exactly once and in order', async () => {
        const { url, channel } = await serve({ autoId: true, historySize: 100_000, retryTimeout: 5 });
        let forced = 0;
        channel.on('connect', (_channel, _request, _handle, { client }) => {
          if (forced === 100) return;
          forced++;
          setTimeout(() => client.close(), 2 + Math.random() * 20);
        });
        const streams = [1, 2, 3, 4].map(() => eventStream(url));
        const sender = setInterval(() => channel.send('tick'), 1);
        try {
          await waitFor(() => forced === 100 && streams.reduce((opens, stream) => opens + stream.opens, 0) === 104, 60_000, '100 reconnects');
        } finally {
          clearInterval(sender);
        }
        channel.send('last');
        const last = channel.stats().eventsSent;
        for (const stream of streams) {
          await waitFor(() => stream.events.at(-1)?.lastEventId === String(last), 10_000, `event ${last}`);
          const received = ids(stream);
          expect(received).toEqual(range(received[0] as number, last));
        }
      }, 90_000);
    });

    describe('too far behind', () => {
      it('tells a client whose Last-Event-ID was evicted, before replaying what is kept', async () => {
        const { url, channel } = await serve({ historySize: 3 });
        history(channel, 6);
        const connected = nextConnect(channel);
        const stream = rawStream(url, { 'Last-Event-ID': '2' });
        const body = await stream.waitFor('data: e6\n\n');
        expect(body).toBe(':ok\n\nevent: sse-channel:reset\ndata: 2\n\nid: 4\ndata: e4\n\nid: 5\ndata: e5\n\nid: 6\ndata: e6\n\n');
        expect(await connected).toMatchObject({ lastEventId: '2', reset: true, replayed: 3 });
      });

      it('replays without a reset event when the Last-Event-ID is still kept', async () => {
        const { url, channel } = await serve({ historySize: 3 });
        history(channel, 6);
        const connected = nextConnect(channel);
        const stream = rawStream(url, { 'Last-Event-ID': '5' });
        expect(await stream.waitFor('data: e6\n\n')).toBe(':ok\n\nid: 6\ndata: e6\n\n');
        expect(await connected).toMatchObject({ lastEventId: '5', reset: false, replayed: 1 });
      });

      it('names the reset event after the resetEvent option', async () => {
        const { url, channel } = await serve({ historySize: 1, resetEvent: 'resync' });
        history(channel, 3);
        const stream = eventStream(url, { 'Last-Event-ID': '1' }, ['resync']);
        await stream.received(2);
        expect(stream.events.map(({ type, data }) => ({ type, data }))).toEqual([
          { type: 'resync', data: '1' },
          { type: 'message', data: 'e3' },
        ]);
      });

      it('sends no reset event with resetEvent false, and the connect event still tells', async () => {
        const { url, channel } = await serve({ historySize: 1, resetEvent: false });
        history(channel, 3);
        const connected = nextConnect(channel);
        const stream = rawStream(url, { 'Last-Event-ID': '1' });
        expect(await stream.waitFor('data: e3\n\n')).toBe(':ok\n\nid: 3\ndata: e3\n\n');
        expect(await connected).toMatchObject({ reset: true });
      });
    });

    describe('firstConnect', () => {
      it('replays the newest N events to a first connection when a function of the request says so', async () => {
        const { url, channel } = await serve({ firstConnect: (request) => Number(harness.header(request, 'x-replay') ?? 0) });
        history(channel, 5);
        const two = rawStream(url, { 'X-Replay': '2' });
        expect(await two.waitFor('data: e5\n\n')).toBe(':ok\n\nid: 4\ndata: e4\n\nid: 5\ndata: e5\n\n');
        const none = rawStream(url);
        await none.waitFor(':ok\n\n');
        channel.send({ id: 6, data: 'e6' });
        expect(await none.waitFor('data: e6\n\n')).toBe(':ok\n\nid: 6\ndata: e6\n\n');
      });

      it("replays everything kept to a first connection with firstConnect 'all'", async () => {
        const { url, channel } = await serve({ firstConnect: 'all', historySize: 2 });
        history(channel, 3);
        const stream = rawStream(url);
        expect(await stream.waitFor('data: e3\n\n')).toBe(':ok\n\nid: 2\ndata: e2\n\nid: 3\ndata: e3\n\n');
      });
    });

    describe('historyMaxAge', () => {
      it('forgets events older than historyMaxAge, and tells a client that missed them', async () => {
        const { url, channel } = await serve({ historyMaxAge: 100 });
        channel.send({ id: 1, data: 'old' });
        await new Promise((resolve) => setTimeout(resolve, 250));
        channel.send({ id: 2, data: 'new' });
        const stream = rawStream(url, { 'Last-Event-ID': '0' });
        expect(await stream.waitFor('data: new\n\n')).toBe(':ok\n\nevent: sse-channel:reset\ndata: 0\n\nid: 2\ndata: new\n\n');
        expect(channel.stats().historySize).toBe(1);
      });
    });

    describe('per-client control', () => {
      it('sends only to the clients a filter picks by their metadata', async () => {
        const { url, channel } = await serve({ metadata: (request) => ({ tenant: harness.header(request, 'x-tenant') }) });
        const a = eventStream(url, { 'X-Tenant': 'a' });
        const b = eventStream(url, { 'X-Tenant': 'b' });
        await a.opened();
        await b.opened();
        channel.send('for a', { filter: (client) => client.metadata.tenant === 'a' });
        channel.send('for all');
        await a.received(2);
        await b.received(1);
        expect(a.data).toEqual(['for a', 'for all']);
        expect(b.data).toEqual(['for all']);
      });

      it('sends to one client with client.send, and finds the client of a handle', async () => {
        const { url, channel } = await serve({ metadata: (request) => ({ user: harness.header(request, 'x-user') }) });
        const found: boolean[] = [];
        channel.on('connect', (_channel, _request, handle, { client }) => {
          found.push(channel.getClient(handle) === client);
          client.send(`welcome ${String(client.metadata.user)}`);
        });
        const ann = eventStream(url, { 'X-User': 'ann' });
        const bob = eventStream(url, { 'X-User': 'bob' });
        await ann.received(1);
        await bob.received(1);
        channel.send('for all');
        await ann.received(2);
        await bob.received(2);
        expect(ann.data).toEqual(['welcome ann', 'for all']);
        expect(bob.data).toEqual(['welcome bob', 'for all']);
        expect(found).toEqual([true, true]);
      });

      it('ends the response on client.close() and reports the disconnect once', async () => {
        const { url, channel } = await serve({});
        const connected = nextConnect(channel);
        const response = await fetch(url);
        const { client } = await connected;
        let disconnects = 0;
        channel.on('disconnect', () => disconnects++);
        client.close();
        expect(await response.text()).toBe(':ok\n\n');
        expect(disconnects).toBe(1);
        expect(channel.getConnectionCount()).toBe(0);
        expect(client.isClosed).toBe(true);
      });
    });

    describe('maxLifetime', () => {
      it('closes connections after their lifetime, and the client resumes without a gap', async () => {
        const { url, channel } = await serve({ autoId: true, maxLifetime: 200, lifetimeJitter: 100, retryTimeout: 5 });
        const stream = eventStream(url);
        await stream.opened();
        const sender = setInterval(() => channel.send('tick'), 5);
        try {
          await stream.opened(4, 10_000);
        } finally {
          clearInterval(sender);
        }
        const last = channel.stats().eventsSent;
        await waitFor(() => stream.events.at(-1)?.lastEventId === String(last), 5000, `event ${last}`);
        expect(ids(stream)).toEqual(range(1, last));
        expect(channel.stats().expiredConnections).toBeGreaterThanOrEqual(3);
      }, 20_000);
    });

    describe('stats', () => {
      it('counts clients, events, bytes, replays and history', async () => {
        const { url, channel } = await serve({ historySize: 2 });
        history(channel, 3);
        const stream = rawStream(url, { 'Last-Event-ID': '2' });
        const body = await stream.waitFor('data: e3\n\n');
        expect(channel.stats()).toEqual({
          clients: 1,
          connections: 1,
          eventsSent: 3,
          bytesSent: Buffer.byteLength(body),
          replays: 1,
          replayedEvents: 1,
          resets: 0,
          slowClientDrops: 0,
          droppedBytes: 0,
          expiredConnections: 0,
          historySize: 2,
        });
      });

      it('counts a slow client that is disconnected', async () => {
        const { url, channel } = await serve({ maxQueuedBytes: 64 * 1024 });
        const stream = rawStream(url);
        await stream.waitFor(':ok\n\n');
        stream.pause();
        const big = 'x'.repeat(64 * 1024);
        for (let sent = 0; channel.getConnectionCount() > 0 && sent < 2000; sent++) {
          channel.send(big);
          await new Promise((resolve) => setImmediate(resolve));
        }
        expect(channel.stats()).toMatchObject({ clients: 0, slowClientDrops: 1 });
      });
    });
  });
}
