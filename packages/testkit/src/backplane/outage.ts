import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EventStream } from '../EventStream.js';
import { serveChannel } from '../server.js';
import { waitFor } from '../waitFor.js';
import type { ConformanceBackplane, ConformanceChannel, ConformanceEngine } from './conformance.js';

/** What the outage suite uses of a backplane besides the channel's contract: its outage and recovery events. */
export interface OutageBackplane extends ConformanceBackplane {
  on(event: 'outage' | 'recovery', listener: () => void): unknown;
}

/** An engine server of the test's own (see `OwnServer`), which the suite kills and starts again. */
export interface EngineServer {
  readonly url: string;
  kill(): Promise<void>;
  /** Starts it again on the same port. */
  restart(): Promise<void>;
  /** Kills it for good and removes what it stored. */
  stop(): Promise<void>;
}

/** An engine under the outage suite, as its package's tests describe it. */
export interface OutageEngine<B extends OutageBackplane> extends Pick<ConformanceEngine<B>, 'name' | 'channel'> {
  /** Starts a server of the engine's own. */
  start(): Promise<EngineServer>;
  /** A new backplane for `channel` on the server at `url`, its data under `namespace`. */
  create(url: string, namespace: string, channel: string): B;
  /** The error `send` rejects with while the engine is away. */
  unavailable: abstract new (...args: never[]) => Error;
  /** A URL of the engine's scheme where nothing listens. */
  nowhere: string;
  /** Whether the server keeps its events across `restart()` (PostgreSQL's data directory, NATS's store), or starts empty. */
  restartKeepsData: boolean;
}

/** Two processes' channels on one channel of the engine. */
type Pair<B> = Array<{ channel: ConformanceChannel; backplane: B; url: string }>;

/**
 * What every engine's backplane does when its server dies and comes back: sends reject at once with
 * the engine's error (none crashes the process), clients stay connected, a client connecting with a
 * Last-Event-ID is held until the engine is back, and delivery resumes with the next id.
 */
export function runOutageConformance<B extends OutageBackplane>(engine: OutageEngine<B>): void {
  const opened: Array<() => unknown> = [];
  afterEach(async () => {
    for (const close of opened.splice(0).reverse()) await close();
  });

  function watch(backplane: B): { outages: number; recoveries: number } {
    const seen = { outages: 0, recoveries: 0 };
    backplane.on('outage', () => seen.outages++);
    backplane.on('recovery', () => seen.recoveries++);
    return seen;
  }

  function stream(url: string, headers: Record<string, string> = {}): EventStream {
    const client = new EventStream(url, { headers });
    opened.push(() => client.close());
    return client;
  }

  describe(`when its own ${engine.name} server is killed and started again`, () => {
    let server: EngineServer;
    beforeAll(async () => {
      server = await engine.start();
    });
    afterAll(() => server.stop());

    async function twoProcesses(): Promise<Pair<B>> {
      const namespace = `sse-test-${randomUUID()}`;
      const pair: Pair<B> = [];
      for (let i = 0; i < 2; i++) {
        const backplane = engine.create(server.url, namespace, 'news');
        opened.push(() => backplane.close());
        const channel = engine.channel({ pingInterval: false }, backplane);
        const served = await serveChannel(channel);
        opened.push(() => served.close());
        await backplane.ready();
        pair.push({ channel, backplane, url: served.url });
      }
      return pair;
    }

    it('rejects sends during the outage, keeps local clients connected and delivers again after it', async () => {
      const [a, b] = (await twoProcesses()) as [Pair<B>[0], Pair<B>[0]];
      const [seenA, seenB] = [watch(a.backplane), watch(b.backplane)];
      const client = stream(b.url);
      await client.opened();
      await a.channel.send({ id: 1, data: 'before' });
      await client.received(1);

      await server.kill();
      await waitFor(() => seenA.outages === 1 && seenB.outages === 1, 5000, 'outage events');
      await expect(a.channel.send({ id: 1, data: 'during' })).rejects.toThrow(engine.unavailable);
      const oneTick = [a.channel.send({ id: 1, data: 'during' }), a.channel.send('during'), a.channel.send({ id: 1, data: 'during' })];
      for (const sent of oneTick) await expect(sent).rejects.toThrow(/not sent/);

      await server.restart();
      await waitFor(() => seenA.recoveries === 1 && seenB.recoveries === 1, 10000, 'recovery events');
      expect(await a.channel.send({ id: 1, data: 'after' })).toBe('2');
      await a.channel.send('after, not kept');
      await client.received(3);
      expect(client.data).toEqual(['before', 'after', 'after, not kept']);
      expect(client.opens).toBe(1);
      expect(client.errors).toBe(0);
      expect(b.channel.getConnectionCount()).toBe(1);
    });

    it('does not crash when a send nobody awaits is rejected', async () => {
      const [a] = (await twoProcesses()) as [Pair<B>[0]];
      const seen = watch(a.backplane);
      await server.kill();
      await waitFor(() => seen.outages === 1, 5000, 'the outage event');
      void a.channel.send('nobody waits for this');
      await new Promise((resolve) => setTimeout(resolve, 50));
      await server.restart();
      await waitFor(() => seen.recoveries === 1, 10000, 'the recovery event');
    });

    it(`holds a client that connects with a Last-Event-ID during the outage until ${engine.name} is back`, async () => {
      const [a, b] = (await twoProcesses()) as [Pair<B>[0], Pair<B>[0]];
      const [seenA, seenB] = [watch(a.backplane), watch(b.backplane)];
      const lastId = await a.channel.send({ id: 1, data: 'seen before' });
      await a.channel.send({ id: 1, data: 'missed' });
      await server.kill();
      await waitFor(() => seenB.outages === 1, 5000, 'the outage event');
      const client = stream(b.url, { 'Last-Event-ID': lastId as string });
      await client.opened();
      await server.restart();
      await waitFor(() => seenA.recoveries === 1 && seenB.recoveries === 1, 10000, 'the recovery events');
      await a.channel.send({ id: 1, data: 'after' });
      // A server that kept its data replays what the client missed before the outage.
      const expected = engine.restartKeepsData ? ['missed', 'after'] : ['after'];
      expect((await client.received(expected.length)).map((event) => event.data)).toEqual(expected);
      expect(client.opens).toBe(1);
    });
  });

  describe(`when ${engine.name} is unreachable`, () => {
    it('reports an outage and rejects sends instead of waiting', async () => {
      const backplane = engine.create(engine.nowhere, `sse-test-${randomUUID()}`, 'nowhere');
      opened.push(() => backplane.close());
      const seen = watch(backplane);
      const channel = engine.channel({ pingInterval: false }, backplane);
      opened.push(() => channel.close());
      await waitFor(() => seen.outages === 1, 5000, 'the outage event');
      await expect(channel.send({ id: 1, data: 'x' })).rejects.toThrow(engine.unavailable);
      expect(seen.outages).toBe(1);
    });
  });
}
