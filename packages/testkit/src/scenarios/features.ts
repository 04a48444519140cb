import { describe, expect, it } from 'vitest';
import type { EventStream } from '../EventStream.js';
import { waitFor } from '../waitFor.js';
import type { Harness } from './Harness.js';
import { requestHeader } from './requestHeader.js';
import type { ChannelSettings, ScenarioChannel, ScenarioConnect } from './transport.js';

/** The ids of the events a stream received, as numbers. */
function ids(stream: EventStream): number[] {
  return stream.events.map((event) => Number(event.lastEventId));
}

/** The integers from `first` to `last`. */
function range(first: number, last: number): number[] {
  return Array.from({ length: last - first + 1 }, (_, index) => first + index);
}

/** Resolves with what the `connect` event tells of the next client to connect. */
function nextConnect(channel: ScenarioChannel): Promise<ScenarioConnect> {
  return new Promise((resolve) => channel.once('connect', (_channel, _request, _handle, info) => resolve(info)));
}

/** Sends the events `1..count` with ids, data `e1..`. */
function history(channel: ScenarioChannel, count: number): void {
  for (let id = 1; id <= count; id++) channel.send({ id, data: `e${id}` });
}

/**
 * The production features (automatic ids, gap-free hand-off, resets, first-connect policy, history
 * by age, per-client control, lifetimes, statistics), end to end over the transport's server.
 */
export function featureScenarios<C extends ScenarioChannel>(h: Harness<C>): void {
  /** A channel without keep-alive comments, so raw bodies are exact. */
  const start = (settings: ChannelSettings) => h.start({ pingInterval: 0, ...settings });

  describe('autoId', () => {
    it('numbers broadcast events with increasing ids', async () => {
      const { url, channel } = await start({ autoId: true });
      const stream = h.events(url);
      await stream.opened();
      channel.send('a');
      channel.send({ data: 'b' });
      channel.send({ event: 'message', data: 'c' });
      await stream.received(3);
      expect(stream.events.map((event) => event.lastEventId)).toEqual(['1', '2', '3']);
    });

    it('continues after the greatest pre-loaded id, so ids never go backwards across a restart', async () => {
      const preloaded = [{ id: 41, data: 'x' }, { id: 42, data: 'y' }];
      const { url, channel } = await start({ autoId: true, history: preloaded, firstConnect: 'all' });
      const stream = h.events(url);
      await stream.received(2);
      channel.send('z');
      await stream.received(3);
      expect(ids(stream)).toEqual([41, 42, 43]);
    });
  });

  describe('gap-free hand-off', () => {
    it('delivers events sent during 100 reconnects exactly once and in order', async () => {
      const { url, channel } = await start({ autoId: true, historySize: 100_000, retryTimeout: 5 });
      let forced = 0;
      channel.on('connect', (_channel, _request, _handle, { client }) => {
        if (forced === 100) return;
        forced++;
        setTimeout(() => client.close(), 2 + Math.random() * 20);
      });
      const streams = [1, 2, 3, 4].map(() => h.events(url));
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
      const { url, channel } = await start({ historySize: 3 });
      history(channel, 6);
      const connected = nextConnect(channel);
      const stream = h.raw(url, { 'Last-Event-ID': '2' });
      const body = await stream.waitFor('data: e6\n\n');
      expect(body).toBe(':ok\n\nevent: sse-channel:reset\ndata: 2\n\nid: 4\ndata: e4\n\nid: 5\ndata: e5\n\nid: 6\ndata: e6\n\n');
      expect(await connected).toMatchObject({ lastEventId: '2', reset: true, replayed: 3 });
    });

    it('replays without a reset event when the Last-Event-ID is still kept', async () => {
      const { url, channel } = await start({ historySize: 3 });
      history(channel, 6);
      const connected = nextConnect(channel);
      const stream = h.raw(url, { 'Last-Event-ID': '5' });
      expect(await stream.waitFor('data: e6\n\n')).toBe(':ok\n\nid: 6\ndata: e6\n\n');
      expect(await connected).toMatchObject({ lastEventId: '5', reset: false, replayed: 1 });
    });

    it('names the reset event after the resetEvent option', async () => {
      const { url, channel } = await start({ historySize: 1, resetEvent: 'resync' });
      history(channel, 3);
      const stream = h.events(url, { headers: { 'Last-Event-ID': '1' }, types: ['resync'] });
      await stream.received(2);
      expect(stream.events.map(({ type, data }) => ({ type, data }))).toEqual([
        { type: 'resync', data: '1' },
        { type: 'message', data: 'e3' },
      ]);
    });

    it('sends no reset event with resetEvent false, and the connect event still tells', async () => {
      const { url, channel } = await start({ historySize: 1, resetEvent: false });
      history(channel, 3);
      const connected = nextConnect(channel);
      const stream = h.raw(url, { 'Last-Event-ID': '1' });
      expect(await stream.waitFor('data: e3\n\n')).toBe(':ok\n\nid: 3\ndata: e3\n\n');
      expect(await connected).toMatchObject({ reset: true });
    });
  });

  describe('firstConnect', () => {
    it('replays the newest N events to a first connection when a function of the request says so', async () => {
      const { url, channel } = await start({ firstConnect: (request) => Number(requestHeader(request, 'x-replay') ?? 0) });
      history(channel, 5);
      const two = h.raw(url, { 'X-Replay': '2' });
      expect(await two.waitFor('data: e5\n\n')).toBe(':ok\n\nid: 4\ndata: e4\n\nid: 5\ndata: e5\n\n');
      const none = h.raw(url);
      await none.waitFor(':ok\n\n');
      channel.send({ id: 6, data: 'e6' });
      expect(await none.waitFor('data: e6\n\n')).toBe(':ok\n\nid: 6\ndata: e6\n\n');
    });

    it("replays everything kept to a first connection with firstConnect 'all'", async () => {
      const { url, channel } = await start({ firstConnect: 'all', historySize: 2 });
      history(channel, 3);
      const stream = h.raw(url);
      expect(await stream.waitFor('data: e3\n\n')).toBe(':ok\n\nid: 2\ndata: e2\n\nid: 3\ndata: e3\n\n');
    });
  });

  describe('historyMaxAge', () => {
    it('forgets events older than historyMaxAge, and tells a client that missed them', async () => {
      const { url, channel } = await start({ historyMaxAge: 100 });
      channel.send({ id: 1, data: 'old' });
      channel.send({ id: 2, data: 'old' });
      await new Promise((resolve) => setTimeout(resolve, 250));
      channel.send({ id: 3, data: 'new' });
      const stream = h.raw(url, { 'Last-Event-ID': '1' });
      expect(await stream.waitFor('data: new\n\n')).toBe(':ok\n\nevent: sse-channel:reset\ndata: 1\n\nid: 3\ndata: new\n\n');
      expect(channel.stats().historySize).toBe(1);
    });
  });

  describe('per-client control', () => {
    it('sends only to the clients a filter picks by their metadata', async () => {
      const { url, channel } = await start({ metadata: (request) => ({ tenant: requestHeader(request, 'x-tenant') }) });
      const a = h.events(url, { headers: { 'X-Tenant': 'a' } });
      const b = h.events(url, { headers: { 'X-Tenant': 'b' } });
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
      const { url, channel } = await start({ metadata: (request) => ({ user: requestHeader(request, 'x-user') }) });
      const found: boolean[] = [];
      channel.on('connect', (_channel, _request, handle, { client }) => {
        found.push(channel.getClient(handle) === client);
        client.send(`welcome ${String(client.metadata.user)}`);
      });
      const ann = h.events(url, { headers: { 'X-User': 'ann' } });
      const bob = h.events(url, { headers: { 'X-User': 'bob' } });
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
      const { url, channel } = await start({});
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
      const { url, channel } = await start({ autoId: true, maxLifetime: 200, lifetimeJitter: 100, retryTimeout: 5 });
      const stream = h.events(url);
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
      const { url, channel } = await start({ historySize: 2 });
      history(channel, 3);
      const stream = h.raw(url, { 'Last-Event-ID': '2' });
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
      const { url, channel } = await start({ maxQueuedBytes: 64 * 1024 });
      const stream = h.raw(url);
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
}
