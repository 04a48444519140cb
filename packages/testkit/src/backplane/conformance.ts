import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { EventStream } from '../EventStream.js';
import { RawStream } from '../RawStream.js';
import { serveChannel, type NodeChannel } from '../server.js';
import type { ChannelSettings, ConnectListener, ScenarioEvent } from '../scenarios/transport.js';
import { waitFor } from '../waitFor.js';
import { ServerProcess, type ServerProcessEnv } from './ServerProcess.js';
import { topicConformance } from './topicConformance.js';

/** What the suite uses of a backplane besides the channel's contract: every engine package's backplane has it. */
export interface ConformanceBackplane {
  /** Resolves once deliveries flow. */
  ready(): Promise<void>;
  /** Releases the engine's connections; sends afterwards reject. */
  close(): Promise<void>;
}

/** What the suite uses of a node:http channel (`@sse-channel/node`). */
export interface ConformanceChannel extends NodeChannel {
  send(message: string | ScenarioEvent, target?: Iterable<never>): Promise<string | undefined> | undefined;
  topic(name: string): { send(message: string | ScenarioEvent): Promise<string | undefined> | undefined };
  on(event: 'connect', listener: ConnectListener): unknown;
  once(event: 'connect', listener: ConnectListener): unknown;
  stats(): { resets: number };
  getConnectionCount(): number;
}

/** A channel the suite serves on node:http. */
interface Served {
  channel: ConformanceChannel;
  /** The stream's URL. */
  url: string;
  /** Closes the channel and the server (not the backplane). */
  close(): Promise<void>;
}

/** An engine under test, as its package's tests describe it. */
export interface ConformanceEngine<B extends ConformanceBackplane> {
  /** Shown in test names, such as `Redis`. */
  name: string;
  /** A new backplane for `channel` whose data lives under `namespace` (unique per test). */
  create(namespace: string, channel: string): B;
  /** Removes what a test left under `namespace`. */
  cleanup?(namespace: string): Promise<void>;
  /** A node:http channel (`new SseChannel(...)` of `@sse-channel/node`) with `settings`, through `backplane` when given. */
  channel(settings: ChannelSettings, backplane: B | undefined): ConformanceChannel;
  /**
   * A server script for the multi-process scenarios (see `ServerProcess`) and the environment it
   * needs besides the namespace and channel (the engine's URL). Without it they are skipped.
   */
  processes?: { script: string; env: Record<string, string> };
}

/** What `connect` told about a client. */
interface Connected {
  lastEventId: string | undefined;
  replayed: number;
  reset: boolean;
}

/**
 * The one suite every backplane passes: a backplane changes where events, ids and history live,
 * never what clients get. It runs against real servers with the `eventsource` client and raw
 * sockets: the same scenarios in memory and through the engine, then what only a shared engine can
 * do (several channels of one name acting as one, in this process and in three processes).
 */
export function runBackplaneConformance<B extends ConformanceBackplane>(engine: ConformanceEngine<B>): void {
  let namespace = '';
  const servers: Served[] = [];
  const backplanes: B[] = [];
  const closers: Array<{ close(): void }> = [];
  const processes: ServerProcess[] = [];

  afterEach(async () => {
    for (const closer of closers.splice(0)) closer.close();
    await Promise.all(processes.splice(0).map((process) => process.kill()));
    await Promise.all(servers.splice(0).map((server) => server.close()));
    await Promise.all(backplanes.splice(0).map((backplane) => backplane.close()));
    if (namespace) await engine.cleanup?.(namespace);
    namespace = '';
  });

  /** A channel through the engine (or in memory), served; its backplane is live when this resolves. */
  async function serve(settings: ChannelSettings = {}, { through = true, channel: name = 'news' } = {}): Promise<Served> {
    namespace ||= `sse-test-${randomUUID()}`;
    const backplane = through ? engine.create(namespace, name) : undefined;
    if (backplane) backplanes.push(backplane);
    const channel = engine.channel({ pingInterval: false, ...settings }, backplane);
    const served: Served = { channel, ...(await serveChannel(channel)) };
    servers.push(served);
    await backplane?.ready();
    return served;
  }

  /**
   * Sends 60 events at once, in turn from each sender, so they interleave in the engine; every
   * client must get all of them in one order, numbered 1 to 60, with the ids the sends resolved with.
   */
  async function expectOneOrder(senders: Array<(data: string) => Promise<string | undefined> | undefined>, urls: string[]): Promise<void> {
    const clients = urls.map((url) => stream(url));
    await Promise.all(clients.map((client) => client.opened()));
    const ids = await Promise.all(Array.from({ length: 60 }, (_, i) => senders[i % senders.length]!(`event ${i}`)));
    const received = await Promise.all(clients.map((client) => client.received(60)));
    for (const events of received.slice(1)) expect(events).toEqual(received[0]);
    const seen = received[0]!.map((event) => event.lastEventId);
    expect(seen.map(Number)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect([...(ids as string[])].sort((x, y) => Number(x) - Number(y))).toEqual(seen);
  }

  /**
   * A client on `from` gets five events, then `from` is lost (`lose`) and it moves to `to` with its
   * Last-Event-ID while `send` keeps sending: it must get exactly the events after the fifth, in order.
   */
  async function expectExactCatchUp(from: string, to: string, send: (data: string) => Promise<unknown> | undefined, lose: () => Promise<void>): Promise<void> {
    const onFrom = stream(from);
    await onFrom.opened();
    for (let i = 0; i < 5; i++) await send(String(i));
    await onFrom.received(5);
    await lose();
    const lastSeen = onFrom.events.at(-1)!.lastEventId;
    onFrom.close();
    let next = 5;
    let sending = true;
    const sends = (async () => {
      while (sending) await send(String(next++));
    })();
    await waitFor(() => next >= 15, 5000, 'events sent while the client moves');
    const onTo = stream(to, { 'Last-Event-ID': lastSeen });
    await onTo.opened();
    await waitFor(() => next >= 40, 10000, 'events sent while the client is on its new server');
    sending = false;
    await sends;
    const events = await onTo.received(next - 5, 10000);
    expect(events.map((event) => Number(event.data))).toEqual(Array.from({ length: next - 5 }, (_, i) => i + 5));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(onTo.events).toHaveLength(next - 5);
  }

  function stream(url: string, headers: Record<string, string> = {}, types: string[] = []): EventStream {
    const result = new EventStream(url, { headers, types });
    closers.push(result);
    return result;
  }

  /** Records what `connect` says of each client. */
  function connects(server: Served): Connected[] {
    const seen: Connected[] = [];
    server.channel.on('connect', (_channel, _request, _handle, { lastEventId, replayed, reset }) => seen.push({ lastEventId, replayed, reset }));
    return seen;
  }

  describe.each([
    ['in memory', false],
    [`through ${engine.name}`, true],
  ])('a channel %s', (_name, through) => {
    it('sends every broadcast to every client, in order', async () => {
      const { channel, url } = await serve({}, { through });
      const clients = [stream(url), stream(url)];
      await Promise.all(clients.map((client) => client.opened()));
      for (let i = 0; i < 10; i++) await channel.send({ id: i + 1, data: `event ${i}` });
      for (const client of clients) {
        expect((await client.received(10)).map((event) => event.data)).toEqual(Array.from({ length: 10 }, (_, i) => `event ${i}`));
      }
    });

    it('replays the events after the Last-Event-ID header, once each', async () => {
      const { channel, url } = await serve({}, { through });
      const first = stream(url);
      await first.opened();
      for (let i = 0; i < 3; i++) await channel.send({ id: i + 1, data: String(i) });
      const seen = await first.received(3);
      const late = stream(url, { 'Last-Event-ID': seen[0]!.lastEventId });
      await late.opened();
      await channel.send({ id: 4, data: '3' });
      expect((await late.received(3)).map((event) => event.data)).toEqual(['1', '2', '3']);
      expect(late.events.map((event) => event.lastEventId)).toEqual([...seen.slice(1), (await first.received(4))[3]!].map((e) => e.lastEventId));
    });

    it('starts the stream with :ok and the retry hint, and sends private messages only to their recipient', async () => {
      const { channel, url } = await serve({ retryTimeout: 1500 }, { through });
      const connected = new Promise<unknown>((resolve) => channel.once('connect', (_channel, _req, res) => resolve(res)));
      const raw = new RawStream(url, { 'Last-Event-ID': '0' });
      const handle = await connected;
      const other = new RawStream(url);
      closers.push(raw, other);
      await raw.waitFor(':ok\n\nretry: 1500\n');
      await other.waitFor(':ok');
      channel.send('just you', [handle as never]);
      await raw.waitFor('data: just you\n\n');
      await channel.send('everyone');
      await other.waitFor('data: everyone\n\n');
      expect(other.body).not.toContain('just you');
    });

    it('encodes data as the channel says and writes the event and retry fields', async () => {
      const { channel, url } = await serve({ jsonEncode: true }, { through });
      const raw = new RawStream(url);
      closers.push(raw);
      await raw.waitFor(':ok');
      const id = (await channel.send({ id: 1, event: 'price', retry: 2000, data: { price: 42 } })) ?? '1';
      expect(await raw.waitFor('price')).toContain(`event: price\nretry: 2000\nid: ${id}\ndata: {"price":42}\n\n`);
    });

    it('throws on a hostile id or event name and delivers nothing', async () => {
      const { channel, url } = await serve({}, { through });
      const raw = new RawStream(url, { 'Last-Event-ID': '0' });
      closers.push(raw);
      await raw.waitFor(':ok');
      expect(() => channel.send({ id: 'x\nevent: evil', data: 'x' })).toThrow(TypeError);
      expect(() => channel.send({ event: 'a\r\nid: 9', data: 'x' })).toThrow(TypeError);
      await channel.send({ id: 1, data: 'after' });
      expect(await raw.waitFor('after')).not.toContain('evil');
    });
  });

  describe(`the ${engine.name} backplane`, () => {
    it('numbers kept events 1, 2, 3…, resolves each send with its id, and replays by those ids', async () => {
      const { channel, url } = await serve();
      const ids: Array<string | undefined> = [];
      for (let i = 0; i < 4; i++) ids.push(await channel.send({ id: 'mine', data: String(i) }));
      expect(ids).toEqual(['1', '2', '3', '4']);
      const client = stream(url, { 'Last-Event-ID': '2' });
      expect(await client.received(2)).toEqual([
        { type: 'message', data: '2', lastEventId: '3' },
        { type: 'message', data: '3', lastEventId: '4' },
      ]);
    });

    it('keeps no more than historySize events and replays only those', async () => {
      const { channel, url } = await serve({ historySize: 3 });
      for (let i = 0; i < 5; i++) await channel.send({ id: 1, data: String(i) });
      const client = stream(url, { 'Last-Event-ID': '0' });
      expect((await client.received(3)).map((event) => event.data)).toEqual(['2', '3', '4']);
    });

    it('delivers events without an id to every channel of the name without keeping them, and keeps strings with autoId', async () => {
      const a = await serve();
      const b = await serve({ autoId: true });
      const onB = stream(b.url);
      await onB.opened();
      expect(await a.channel.send('passing')).toBeUndefined();
      expect(await b.channel.send('kept')).toBe('1');
      expect(await onB.received(2)).toEqual([
        { type: 'message', data: 'passing', lastEventId: '' },
        { type: 'message', data: 'kept', lastEventId: '1' },
      ]);
      const late = stream(a.url, { 'Last-Event-ID': '0' });
      expect((await late.received(1)).map((event) => event.data)).toEqual(['kept']);
    });

    it('gives every channel of one name each event from any sender, in the same order with the same ids', async () => {
      const senders = await Promise.all([serve(), serve(), serve()]);
      await expectOneOrder(
        senders.map(({ channel }) => (data: string) => channel.send({ id: 1, data })),
        senders.map(({ url }) => url),
      );
    });

    it('never lets two channels of different names see each other’s events', async () => {
      const news = await serve({}, { channel: 'news' });
      const sport = await serve({}, { channel: 'sport' });
      const onNews = stream(news.url);
      const onSport = stream(sport.url);
      await Promise.all([onNews.opened(), onSport.opened()]);
      await news.channel.send({ id: 1, data: 'headline' });
      await sport.channel.send({ id: 1, data: 'score' });
      await news.channel.send('news only');
      await onNews.received(2);
      await onSport.received(1);
      const late = stream(sport.url, { 'Last-Event-ID': '0' });
      await late.received(1);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(onNews.data).toEqual(['headline', 'news only']);
      expect(onSport.data).toEqual(['score']);
      expect(late.data).toEqual(['score']);
    });

    it('hands a client over from replay to live with no gap and no repeat while events keep coming', async () => {
      const a = await serve({ autoId: true });
      const b = await serve({ autoId: true });
      // Each client's Last-Event-ID is the event just stored, which b may not have delivered yet.
      for (let round = 0; round < 20; round++) {
        const seen = (await a.channel.send(`seen ${round}`)) as string;
        const client = stream(b.url, { 'Last-Event-ID': seen });
        const sending = a.channel.send(`missed ${round}`);
        await client.opened();
        await sending;
        await b.channel.send(`after ${round}`);
        expect((await client.received(2)).map((event) => event.data)).toEqual([`missed ${round}`, `after ${round}`]);
        client.close();
      }
    });

    it('catches a client up on another channel of the name with exactly what it missed, while events keep coming', async () => {
      const [a, b, sender] = await Promise.all([serve({ autoId: true }), serve({ autoId: true }), serve({ autoId: true })]);
      await expectExactCatchUp(a.url, b.url, (data) => sender.channel.send(data), async () => undefined);
    });

    it('rejects a send once the backplane is closed', async () => {
      const { channel } = await serve();
      await backplanes[0]!.close();
      await expect(channel.send({ id: 1, data: 'late' })).rejects.toThrow();
    });
  });

  describe(`a client too far behind, through ${engine.name}`, () => {
    const behind = (url: string, lastEventId: string) => stream(url, { 'Last-Event-ID': lastEventId }, ['sse-channel:reset', 'resync']);

    it('is sent sse-channel:reset with its Last-Event-ID before the replay when events after it were trimmed, and connect says so', async () => {
      const served = await serve({ historySize: 3, autoId: true });
      const seen = connects(served);
      for (let i = 1; i <= 6; i++) await served.channel.send(`event ${i}`);
      expect(await behind(served.url, '1').received(4)).toEqual([
        { type: 'sse-channel:reset', data: '1', lastEventId: '' },
        { type: 'message', data: 'event 4', lastEventId: '4' },
        { type: 'message', data: 'event 5', lastEventId: '5' },
        { type: 'message', data: 'event 6', lastEventId: '6' },
      ]);
      expect(seen).toEqual([{ lastEventId: '1', replayed: 3, reset: true }]);
      expect(served.channel.stats().resets).toBe(1);
    });

    it('is sent the reset event resetEvent names, or none when it is false while connect still says reset', async () => {
      const named = await serve({ historySize: 2, autoId: true, resetEvent: 'resync' });
      const silent = await serve({ historySize: 2, autoId: true, resetEvent: false }, { channel: 'silent' });
      const seen = connects(silent);
      for (let i = 1; i <= 4; i++) await Promise.all([named.channel.send(`event ${i}`), silent.channel.send(`event ${i}`)]);
      expect((await behind(named.url, '1').received(3)).map((event) => event.type)).toEqual(['resync', 'message', 'message']);
      expect((await behind(silent.url, '1').received(2)).map((event) => event.data)).toEqual(['event 3', 'event 4']);
      expect(seen).toEqual([{ lastEventId: '1', replayed: 2, reset: true }]);
    });

    it('is not reset when its Last-Event-ID is kept, is the event trimmed just before what is kept, or is the newest', async () => {
      const served = await serve({ historySize: 3, autoId: true });
      const seen = connects(served);
      for (let i = 1; i <= 5; i++) await served.channel.send(`event ${i}`);
      expect((await behind(served.url, '3').received(2)).map((event) => event.data)).toEqual(['event 4', 'event 5']);
      expect((await behind(served.url, '2').received(3)).map((event) => event.data)).toEqual(['event 3', 'event 4', 'event 5']);
      const upToDate = behind(served.url, '5');
      await upToDate.opened();
      await served.channel.send('event 6');
      expect(await upToDate.received(1)).toEqual([{ type: 'message', data: 'event 6', lastEventId: '6' }]);
      expect(seen.map(({ reset }) => reset)).toEqual([false, false, false]);
    });

    it.each([
      ['0, although older events were trimmed', '0'],
      ['that is not an id it gives', 'not-an-id'],
    ])('is replayed everything kept, with no reset, for a Last-Event-ID %s (as the original sse-channel)', async (_, lastEventId) => {
      const served = await serve({ historySize: 2, autoId: true });
      const seen = connects(served);
      for (let i = 1; i <= 3; i++) await served.channel.send(`event ${i}`);
      expect((await behind(served.url, lastEventId).received(2)).map((event) => event.data)).toEqual(['event 2', 'event 3']);
      expect(seen).toEqual([{ lastEventId, replayed: 2, reset: false }]);
    });
  });

  const { processes: spec } = engine;
  /** Server processes through the engine, serving the channel `news` in a new namespace. */
  async function start(count: number, env: Partial<ServerProcessEnv> = {}): Promise<ServerProcess[]> {
    namespace = `sse-test-${randomUUID()}`;
    const started = await Promise.all(
      Array.from({ length: count }, () => ServerProcess.start(spec!.script, { ...spec!.env, NAMESPACE: namespace, CHANNEL: 'news', ...env })),
    );
    processes.push(...started);
    return started;
  }

  describe(`topics through ${engine.name}`, () =>
    topicConformance({ serve: (settings) => serve({ topics: true, ...settings }), stream, start: spec && ((count) => start(count)) }));

  describe.skipIf(spec === undefined)(`three server processes through ${engine.name}`, () => {

    it('gives a client on each process every event from any sender, in the same order with the same integer ids', async () => {
      const servers = await start(3, { AUTO_ID: '1' });
      await expectOneOrder(
        servers.map((server) => (data: string) => server.send(data)),
        servers.map((server) => `${server.url}/events`),
      );
    });

    it('catches up a client that moves from a killed process to another with exactly the events it missed', async () => {
      const [a, b, c] = (await start(3)) as [ServerProcess, ServerProcess, ServerProcess];
      await expectExactCatchUp(`${a.url}/events`, `${b.url}/events`, (data) => c.send({ id: 1, data }), () => a.kill());
    });
  });
}
