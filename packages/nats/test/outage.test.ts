import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EventStream, waitFor } from '@sse-channel/testkit';
import { runOutageConformance } from '@sse-channel/testkit/backplane';
import SseChannel from '@sse-channel/node';
import { natsBackplane, NatsUnavailableError, type NatsBackplane, type NatsBackplaneOptions } from '../src/index.js';
import { serveNatsChannel, type ServedNatsChannel } from './support/channels.js';
import { deleteStreams, NATS_URL, OwnNats, uniquePrefix } from './support/nats.js';
import { Relay } from './support/Relay.js';

runOutageConformance<NatsBackplane>({
  name: 'NATS',
  start: () => OwnNats.start(),
  create: (servers, prefix, channel) => natsBackplane({ servers, channel, prefix }),
  channel: (settings, backplane) => new SseChannel({ ...settings, ...(backplane && { backplane }) }),
  unavailable: NatsUnavailableError,
  nowhere: 'nats://127.0.0.1:1',
  restartKeepsData: true,
});

/** Counts a backplane's outage and recovery events. */
function watch(backplane: NatsBackplane): { outages: number; recoveries: number } {
  const seen = { outages: 0, recoveries: 0 };
  backplane.on('outage', () => seen.outages++);
  backplane.on('recovery', () => seen.recoveries++);
  return seen;
}

/** Closed after each test, newest first. */
const opened: Array<() => unknown> = [];
afterEach(async () => {
  for (const close of opened.splice(0).reverse()) await close();
});

function stream(url: string, headers: Record<string, string> = {}): EventStream {
  const client = new EventStream(url, { headers });
  opened.push(() => client.close());
  return client;
}

describe('when its own NATS server comes back without its data', () => {
  let nats: OwnNats;

  beforeAll(async () => {
    nats = await OwnNats.start();
  });
  afterAll(() => nats.stop());

  async function twoProcesses(options = {}): Promise<[ServedNatsChannel, ServedNatsChannel]> {
    const prefix = uniquePrefix();
    const served: ServedNatsChannel[] = [];
    for (let i = 0; i < 2; i++) {
      const one = await serveNatsChannel(options, { servers: nats.url, channel: 'news', prefix });
      opened.push(() => one.close());
      served.push(one);
    }
    return served as [ServedNatsChannel, ServedNatsChannel];
  }

  it('goes on after the ids it gave when the server lost its data, and delivers again', async () => {
    const [a, b] = await twoProcesses({ autoId: true });
    const [seenA, seenB] = [watch(a.backplane), watch(b.backplane)];
    const client = stream(b.url);
    await client.opened();
    for (let i = 1; i <= 3; i++) await a.channel.send(`before ${i}`);
    await client.received(3);
    await nats.kill();
    await nats.restartEmpty();
    await waitFor(() => seenA.recoveries === 1 && seenB.recoveries === 1, 10000, 'the recovery events');
    expect(await a.channel.send('after')).toBe('4');
    expect((await client.received(4)).map((event) => event.lastEventId)).toEqual(['1', '2', '3', '4']);
    const late = stream(b.url, { 'Last-Event-ID': '3' });
    expect((await late.received(1)).map((event) => event.data)).toEqual(['after']);
  });
});

/** A on the shared NATS, B through a relay the test cuts, a client on B; all closed, and the streams deleted, after the test. */
async function cutOffPair(historySize: number, options: Partial<NatsBackplaneOptions> = {}): Promise<{ a: ServedNatsChannel; b: ServedNatsChannel; relay: Relay; client: EventStream }> {
  const prefix = uniquePrefix();
  opened.push(() => deleteStreams(prefix));
  const relay = await Relay.start(NATS_URL);
  opened.push(() => relay.close());
  const a = await serveNatsChannel({ historySize }, { servers: NATS_URL, channel: 'news', prefix, ...options });
  opened.push(() => a.close());
  const b = await serveNatsChannel({ historySize }, { servers: relay.url, channel: 'news', prefix, ...options });
  opened.push(() => b.close());
  const client = stream(b.url);
  await client.opened();
  return { a, b, relay, client };
}

describe('when a process is cut off from NATS while the others send', () => {
  it('delivers every kept event sent meanwhile, once each and in order, after reconnecting', async () => {
    const { a, b, relay, client } = await cutOffPair(100000);
    const seen = watch(b.backplane);
    let sent = 0;
    let sending = true;
    const sender = (async () => {
      while (sending) await a.channel.send({ id: 1, data: String(sent++) });
    })();
    await waitFor(() => sent >= 20, 5000, 'events before the cut');
    relay.cut();
    await waitFor(() => seen.outages === 1, 5000, 'the outage event');
    const target = sent + 50;
    await waitFor(() => sent >= target, 5000, 'events during the cut');
    relay.restore();
    await waitFor(() => seen.recoveries === 1, 10000, 'the recovery event');
    await waitFor(() => sent >= target + 20, 5000, 'events after the cut');
    sending = false;
    await sender;
    const events = await client.received(sent, 10000);
    expect(events.map((event) => Number(event.data))).toEqual(Array.from({ length: sent }, (_, i) => i));
    expect(client.opens).toBe(1);
  });

  it('emits gap with the last event it delivered when events were trimmed meanwhile, and delivers what is still kept', async () => {
    const { a, b, relay, client } = await cutOffPair(3, { minStreamMessages: 3 });
    const gaps: string[] = [];
    b.backplane.on('gap', (afterId) => gaps.push(afterId));
    const seen = watch(b.backplane);
    const delivered = await a.channel.send({ id: 1, data: 'delivered' });
    await client.received(1);
    relay.cut();
    await waitFor(() => seen.outages === 1, 5000, 'the outage event');
    for (let i = 0; i < 10; i++) await a.channel.send({ id: 1, data: `missed ${i}` });
    relay.restore();
    await client.received(4, 10000);
    expect(gaps).toEqual([delivered]);
    expect(client.data).toEqual(['delivered', 'missed 7', 'missed 8', 'missed 9']);
  });
});

describe('when a process catches up after being cut off', () => {
  /** Cuts B off while A sends a backlog of kept events that B reads back in many pulls once it is back. */
  async function backlog(a: ServedNatsChannel, b: ServedNatsChannel, relay: Relay): Promise<void> {
    const seen = watch(b.backplane);
    relay.cut();
    await waitFor(() => seen.outages === 1, 5000, 'the outage event');
    await Promise.all(Array.from({ length: 2000 }, (_, i) => a.channel.send({ id: 1, data: `missed ${i}` })));
    relay.restore();
    await waitFor(() => seen.recoveries === 1, 10000, 'the recovery event');
  }

  it('delivers an event without an id after the kept events its sender sent before it, although it travels faster', async () => {
    const { a, b, relay, client } = await cutOffPair(100000);
    await backlog(a, b, relay);
    await Promise.all([a.channel.send({ id: 1, data: 'kept' }), a.channel.send('passing')]);
    const events = await client.received(2002, 10000);
    expect(events.slice(-3).map((event) => event.data)).toEqual(['missed 1999', 'kept', 'passing']);
  });

  it('drops the oldest events without an id over maxPendingEvents, with resync, and delivers the rest', async () => {
    const { a, b, relay, client } = await cutOffPair(100000, { maxPendingEvents: 2 });
    const resyncs: number[] = [];
    b.backplane.on('resync', (unkept) => resyncs.push(unkept));
    await backlog(a, b, relay);
    await Promise.all([a.channel.send({ id: 1, data: 'kept' }), ...['one', 'two', 'three', 'four'].map((data) => a.channel.send(data))]);
    const events = await client.received(2003, 10000);
    expect(events.slice(-3).map((event) => event.data)).toEqual(['kept', 'three', 'four']);
    expect(resyncs).toEqual([2]);
  });
});
