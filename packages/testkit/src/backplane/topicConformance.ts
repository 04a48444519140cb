import { expect, it } from 'vitest';
import type { EventStream, ReceivedEvent } from '../EventStream.js';
import type { ChannelSettings, ScenarioEvent } from '../scenarios/transport.js';
import type { ServerProcess } from './ServerProcess.js';

/** What the topic scenarios use of a channel through the engine. */
interface TopicChannel {
  send(message: string | ScenarioEvent): Promise<string | undefined> | undefined;
  topic(name: string): { send(message: string | ScenarioEvent): Promise<string | undefined> | undefined };
}

/** What the conformance suite lends the topic scenarios. */
export interface TopicSuite {
  /** A topics channel through the engine (channel name `news`), served, live. */
  serve(settings?: ChannelSettings): Promise<{ channel: TopicChannel; url: string }>;
  /** An `eventsource` client recording `message` and `types` events, closed after the test. */
  stream(url: string, headers?: Record<string, string>, types?: string[]): EventStream;
  /** Server processes through the engine, or undefined when the engine has no server script. */
  start: ((count: number) => Promise<ServerProcess[]>) | undefined;
}

/** `?topic=a&topic=b`. */
function query(topics: readonly string[]): string {
  return `?${topics.map((topic) => `topic=${encodeURIComponent(topic)}`).join('&')}`;
}

/** What a client reading `topics` (as patterns too) must receive of what was sent: each event's type, data and id. */
function expected(sent: Array<{ topic: string | undefined; data: string; id: string }>, reads: (topic: string) => boolean): ReceivedEvent[] {
  return sent
    .filter(({ topic }) => topic === undefined || reads(topic))
    .sort((x, y) => Number(x.id) - Number(y.id))
    .map(({ topic, data, id }) => ({ type: topic ?? 'message', data, lastEventId: id }));
}

/**
 * Topics through a backplane: one id sequence for every topic and the whole channel across the
 * channels of one name (and across processes), replays filtered by the topics a client reads.
 */
export function topicConformance(suite: TopicSuite): void {
  const topicOf = (i: number): string | undefined => (i % 5 === 4 ? undefined : ['x', 'y/1', 'z'][i % 3]);

  it('numbers the events of every topic and of the whole channel in one sequence across channels of one name', async () => {
    const senders = await Promise.all([suite.serve(), suite.serve(), suite.serve()]);
    const onX = suite.stream(`${senders[1]!.url}${query(['x', 'y/*'])}`, {}, ['x', 'y/1']);
    const onZ = suite.stream(`${senders[2]!.url}${query(['z'])}`, {}, ['z']);
    await Promise.all([onX.opened(), onZ.opened()]);
    const sent = await Promise.all(
      Array.from({ length: 30 }, async (_, i) => {
        const topic = topicOf(i);
        const { channel } = senders[i % 3]!;
        const data = `event ${i}`;
        const id = await (topic === undefined ? channel : channel.topic(topic)).send({ id: 1, data });
        return { topic, data, id: id as string };
      }),
    );
    expect(sent.map(({ id }) => Number(id)).sort((x, y) => x - y)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    const forX = expected(sent, (topic) => topic === 'x' || topic.startsWith('y/'));
    const forZ = expected(sent, (topic) => topic === 'z');
    expect(await onX.received(forX.length)).toEqual(forX);
    expect(await onZ.received(forZ.length)).toEqual(forZ);
  });

  it('replays after one Last-Event-ID exactly the missed events of the topics read, in order, then goes live', async () => {
    const a = await suite.serve({ autoId: true });
    const b = await suite.serve({ autoId: true });
    const sent: Array<{ topic: string | undefined; data: string; id: string }> = [];
    for (let i = 0; i < 15; i++) {
      const topic = topicOf(i);
      const data = `event ${i}`;
      const id = (await (topic === undefined ? a.channel : a.channel.topic(topic)).send(data)) as string;
      sent.push({ topic, data, id });
    }
    const since = Number(sent[4]!.id);
    const client = suite.stream(`${b.url}${query(['x', 'z'])}`, { 'Last-Event-ID': String(since) }, ['x', 'z', 'y/1']);
    const missed = expected(sent, (topic) => topic === 'x' || topic === 'z').filter(({ lastEventId }) => Number(lastEventId) > since);
    expect(await client.received(missed.length)).toEqual(missed);
    await a.channel.topic('y/1').send('not read');
    const live = await a.channel.topic('z').send('live');
    expect((await client.received(missed.length + 1)).at(-1)).toEqual({ type: 'z', data: 'live', lastEventId: live });
    expect(client.events).toHaveLength(missed.length + 1);
  });

  it('hands a client of a topic over from replay to live with no gap and no repeat while other topics keep coming', async () => {
    const a = await suite.serve({ autoId: true });
    const b = await suite.serve({ autoId: true });
    for (let round = 0; round < 10; round++) {
      const seen = (await a.channel.topic('t').send(`seen ${round}`)) as string;
      const client = suite.stream(`${b.url}${query(['t'])}`, { 'Last-Event-ID': seen }, ['t', 'u']);
      const sending = Promise.all([a.channel.topic('u').send('other'), a.channel.topic('t').send(`missed ${round}`)]);
      await client.opened();
      await sending;
      await b.channel.topic('t').send(`after ${round}`);
      expect((await client.received(2)).map((event) => event.data)).toEqual([`missed ${round}`, `after ${round}`]);
      client.close();
    }
  });

  it.skipIf(suite.start === undefined)('resumes the topics of a client that moves from a killed process to another', async () => {
    const [a, b, c] = (await suite.start!(3)) as [ServerProcess, ServerProcess, ServerProcess];
    const onA = suite.stream(`${a.url}/events${query(['x'])}`, {}, ['x']);
    await onA.opened();
    for (let i = 0; i < 3; i++) await c.send({ id: 1, data: `x${i}` }, 'x');
    await onA.received(3);
    await a.kill();
    for (let i = 3; i < 6; i++) {
      await c.send({ id: 1, data: `y${i}` }, 'y');
      await c.send({ id: 1, data: `x${i}` }, 'x');
    }
    const onB = suite.stream(`${b.url}/events${query(['x'])}`, { 'Last-Event-ID': onA.events.at(-1)!.lastEventId }, ['x', 'y']);
    await onB.opened();
    await c.send({ id: 1, data: 'x6' }, 'x');
    expect((await onB.received(4)).map((event) => event.data)).toEqual(['x3', 'x4', 'x5', 'x6']);
    expect(onB.events.map((event) => event.type)).toEqual(['x', 'x', 'x', 'x']);
  });
}
