import { afterEach, describe, expect, it } from 'vitest';
import { EventStream, waitFor } from '@sse-channel/testkit';
import { deleteKeys, REDIS_URL, uniquePrefix } from './support/redis.js';
import { ServerProcess } from './support/processes.js';

describe('three server processes on one channel', () => {
  let prefix = '';
  let servers: ServerProcess[] = [];
  let streams: EventStream[] = [];

  async function startServers(count: number): Promise<ServerProcess[]> {
    prefix = uniquePrefix();
    servers = await Promise.all(
      Array.from({ length: count }, () => ServerProcess.start({ REDIS_URL, PREFIX: prefix, CHANNEL: 'news' })),
    );
    return servers;
  }

  function connect(url: string, headers: Record<string, string> = {}): EventStream {
    const stream = new EventStream(`${url}/events`, { headers });
    streams.push(stream);
    return stream;
  }

  afterEach(async () => {
    for (const stream of streams) stream.close();
    await Promise.all(servers.map((server) => server.kill()));
    await deleteKeys(prefix);
    streams = [];
    servers = [];
  });

  it('gives a client on each process every event from any sender, in the same order with the same ids', async () => {
    const [a, b, c] = (await startServers(3)) as [ServerProcess, ServerProcess, ServerProcess];
    const clients = [connect(a.url), connect(b.url), connect(c.url)];
    await Promise.all(clients.map((client) => client.opened()));
    const sends: Array<Promise<string | undefined>> = [];
    for (let i = 0; i < 30; i++) sends.push([a, b, c][i % 3]!.send({ id: 1, data: `event ${i}` }));
    const ids = await Promise.all(sends);
    const received = await Promise.all(clients.map((client) => client.received(30)));
    const [first, ...others] = received;
    for (const other of others) expect(other).toEqual(first);
    expect(new Set(first!.map((event) => event.data)).size).toBe(30);
    expect(first!.map((event) => event.lastEventId).sort()).toEqual([...ids].sort());
  });

  it('catches up a client that moves from a killed process to another with exactly the events it missed', async () => {
    const [a, b, c] = (await startServers(3)) as [ServerProcess, ServerProcess, ServerProcess];
    const onA = connect(a.url);
    await onA.opened();
    for (let i = 0; i < 5; i++) await c.send({ id: 1, data: String(i) });
    await onA.received(5);
    await a.kill();
    const lastSeen = onA.events.at(-1)!.lastEventId;
    onA.close();
    // Events keep coming while the client moves, so some arrive during its replay on B.
    let next = 5;
    let sending = true;
    const sender = (async () => {
      while (sending) await c.send({ id: 1, data: String(next++) });
    })();
    await waitFor(() => next >= 15, 5000, 'events sent while A is down');
    const onB = connect(b.url, { 'Last-Event-ID': lastSeen });
    await onB.opened();
    await waitFor(() => next >= 40, 10000, 'events sent while the client is on B');
    sending = false;
    await sender;
    const events = await onB.received(next - 5, 10000);
    expect(events.map((event) => Number(event.data))).toEqual(Array.from({ length: next - 5 }, (_, i) => i + 5));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(onB.events).toHaveLength(next - 5);
  });
});
