import { describe, expect, it } from 'vitest';
import type { RawStream } from '../RawStream.js';
import { waitFor } from '../waitFor.js';
import type { Harness } from './Harness.js';
import { requestHeader } from './requestHeader.js';
import type { ChannelSettings, ScenarioChannel } from './transport.js';

/** `?topic=a&topic=b` for a list of topics. */
function query(topics: readonly string[]): string {
  return `?${topics.map((topic) => `topic=${encodeURIComponent(topic)}`).join('&')}`;
}

/** The SSE frame of an event with an id, as a topic (or the channel, with no topic) sends it. */
function frame(id: number, data: string, topic?: string): string {
  return `${topic === undefined ? '' : `event: ${topic}\n`}id: ${id}\ndata: ${data}\n\n`;
}

/** A deterministic choice of `count` distinct numbers below `below`, from `seed`. */
function pick(seed: number, count: number, below: number): number[] {
  const chosen = new Set<number>();
  let state = seed * 2654435761 + 1;
  while (chosen.size < count) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    chosen.add(state % below);
  }
  return [...chosen];
}

const CLIENTS = 1000;
const BATCH = 100;

/** Topics: many named streams read over one connection, one id sequence, exact resume. */
export function topicScenarios<C extends ScenarioChannel>(h: Harness<C>): void {
  /** A topics channel without keep-alive comments, so raw bodies are exact. */
  const start = (settings: ChannelSettings = {}) => h.start({ pingInterval: 0, topics: true, ...settings });

  describe('subscribing', () => {
    it('delivers the topics named in the query and the channel-wide events, named by topic', async () => {
      const { url, channel } = await start();
      const stream = h.raw(`${url}${query(['rooms/a', 'ticker'])}`);
      await stream.waitFor(':ok\n\n');
      channel.topic('rooms/a').send({ id: 1, data: '{"text":"hi"}' });
      channel.topic('rooms/b').send({ id: 2, data: 'not read' });
      channel.topic('ticker').send({ id: 3, event: 'price', data: '42' });
      channel.send({ id: 4, data: 'for everyone' });
      expect(await stream.waitFor('for everyone')).toBe(
        ':ok\n\nevent: rooms/a\nid: 1\ndata: {"text":"hi"}\n\nevent: ticker#price\nid: 3\ndata: 42\n\nid: 4\ndata: for everyone\n\n',
      );
    });

    it('lets an EventSource listen to a topic by its name, and to its named events as <topic>#<event>', async () => {
      const { url, channel } = await start();
      const stream = h.events(`${url}${query(['rooms/a'])}`, { types: ['rooms/a', 'rooms/a#typing'] });
      await stream.opened();
      channel.topic('rooms/a').send('hello');
      channel.topic('rooms/a').send({ event: 'typing', data: 'ann' });
      channel.send('all');
      expect(await stream.received(3)).toEqual([
        { type: 'rooms/a', data: 'hello', lastEventId: '' },
        { type: 'rooms/a#typing', data: 'ann', lastEventId: '' },
        { type: 'message', data: 'all', lastEventId: '' },
      ]);
    });

    it('gives a client that names no topic the channel-wide events only', async () => {
      const { url, channel } = await start();
      const stream = h.raw(url);
      await stream.waitFor(':ok\n\n');
      channel.topic('a').send('topic');
      channel.send('wide');
      expect(await stream.waitFor('wide')).toBe(':ok\n\ndata: wide\n\n');
    });

    it('reads every topic under a pattern, at any depth', async () => {
      const { url, channel } = await start();
      const stream = h.raw(`${url}${query(['rooms/*'])}`);
      await stream.waitFor(':ok\n\n');
      for (const [id, topic] of ['rooms/a', 'roomsx', 'rooms/b/c', 'ticker'].entries()) channel.topic(topic).send({ id: id + 1, data: topic });
      channel.send({ id: 5, data: 'end' });
      expect(await stream.waitFor('end')).toBe(`:ok\n\n${frame(1, 'rooms/a', 'rooms/a')}${frame(3, 'rooms/b/c', 'rooms/b/c')}${frame(5, 'end')}`);
    });

    it('takes the topics from a function of the request', async () => {
      const { url, channel } = await start({ topics: (request) => (requestHeader(request, 'x-rooms') ?? '').split(',') });
      const stream = h.raw(url, { 'X-Rooms': 'a,b' });
      await stream.waitFor(':ok\n\n');
      for (const topic of ['a', 'c', 'b']) channel.topic(topic).send(topic);
      expect(await stream.waitFor('data: b\n\n')).toBe(':ok\n\nevent: a\ndata: a\n\nevent: b\ndata: b\n\n');
    });
  });

  describe('refusals', () => {
    it('answers 400 to an invalid topic name, never adding the client', async () => {
      const { url, channel } = await start();
      for (const topics of [[''], ['a#b'], ['a*'], ['a\nb'], ['x'.repeat(201)]]) {
        expect((await fetch(`${url}${query(topics)}`)).status).toBe(400);
      }
      expect(channel.getConnectionCount()).toBe(0);
    });

    it('answers 400 to more topics than maxTopics', async () => {
      const { url } = await start({ maxTopics: 3 });
      expect((await fetch(`${url}${query(['a', 'b', 'c', 'd'])}`)).status).toBe(400);
      const three = h.raw(`${url}${query(['a', 'b', 'c'])}`);
      await three.waitFor(':ok\n\n');
      expect(three.status).toBe(200);
    });

    it("answers 403 to a request for a topic authorizeTopic refuses ('refuse')", async () => {
      const { url, channel } = await start({ authorizeTopic: (topic, request) => topic !== 'admin' || requestHeader(request, 'x-role') === 'admin' });
      expect((await fetch(`${url}${query(['a', 'admin'])}`)).status).toBe(403);
      const admin = h.raw(`${url}${query(['a', 'admin'])}`, { 'X-Role': 'admin' });
      await admin.waitFor(':ok\n\n');
      channel.topic('admin').send('secret');
      await admin.waitFor('secret');
      expect(channel.getConnectionCount()).toBe(1);
    });

    it("leaves refused topics out with 'omit', and answers 403 when none is left", async () => {
      const { url, channel } = await start({ authorizeTopic: (topic) => topic !== 'admin', unauthorizedTopics: 'omit' });
      expect((await fetch(`${url}${query(['admin'])}`)).status).toBe(403);
      const stream = h.raw(`${url}${query(['a', 'admin'])}`);
      await stream.waitFor(':ok\n\n');
      channel.topic('admin').send('secret');
      channel.topic('a').send('public');
      expect(await stream.waitFor('public')).toBe(':ok\n\nevent: a\ndata: public\n\n');
    });
  });

  describe('resume', () => {
    /** Ids 1..12 to topics a, b, c in turn, and id 13 to the whole channel. */
    function sendHistory(channel: ScenarioChannel): void {
      for (let id = 1; id <= 12; id++) channel.topic('abc'[(id - 1) % 3] as string).send({ id, data: `e${id}` });
      channel.send({ id: 13, data: 'e13' });
    }

    it('replays after one Last-Event-ID the missed events of every topic read, once each, in order, and nothing else', async () => {
      const { url, channel } = await start();
      sendHistory(channel);
      const stream = h.raw(`${url}${query(['a', 'c'])}`, { 'Last-Event-ID': '4' });
      const expected = [6, 7, 9, 10, 12].map((id) => frame(id, `e${id}`, 'abc'[(id - 1) % 3])).join('') + frame(13, 'e13');
      expect(await stream.waitFor('e13')).toBe(`:ok\n\n${expected}`);
      channel.topic('b').send({ id: 14, data: 'e14' });
      channel.topic('a').send({ id: 15, data: 'e15' });
      expect(await stream.waitFor('e15')).toBe(`:ok\n\n${expected}${frame(15, 'e15', 'a')}`);
    });

    it('sends the reset event first when the Last-Event-ID fell out of history', async () => {
      const { url, channel } = await start({ historySize: 4 });
      sendHistory(channel);
      const stream = h.raw(`${url}${query(['b'])}`, { 'Last-Event-ID': '2' });
      expect(await stream.waitFor('e13')).toBe(`:ok\n\nevent: sse-channel:reset\ndata: 2\n\n${frame(11, 'e11', 'b')}${frame(13, 'e13')}`);
    });
  });

  it(`delivers to ${CLIENTS} clients that each read 10 of 100 topics exactly their events, in order`, { timeout: 60_000 }, async () => {
    const { url, channel } = await start({ historySize: 0 });
    const subscriptions = Array.from({ length: CLIENTS }, (_, client) => new Set(pick(client, 10, 100).map((topic) => `t${topic}`)));
    const streams: RawStream[] = [];
    // In batches, so the listen backlog never overflows into SYN retries.
    while (streams.length < CLIENTS) {
      const batch = subscriptions.slice(streams.length, streams.length + BATCH).map((topics) => h.raw(`${url}${query([...topics])}`));
      await Promise.all(batch.map((stream) => stream.waitFor(':ok\n\n', 20_000)));
      streams.push(...batch);
    }
    await waitFor(() => channel.getConnectionCount() === CLIENTS, 20_000, `${CLIENTS} clients`);
    const sent: Array<{ id: number; topic: string | undefined }> = [];
    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < 50; i++) {
        const id = sent.length + 1;
        const topic = id % 25 === 0 ? undefined : `t${(id * 37) % 100}`;
        if (topic === undefined) channel.send({ id, data: `e${id}` });
        else channel.topic(topic).send({ id, data: `e${id}` });
        sent.push({ id, topic });
      }
      // The next round goes in another tick: order must hold across ticks too.
      await new Promise((resolve) => setImmediate(resolve));
    }
    const expected = subscriptions.map(
      (topics) => `:ok\n\n${sent.filter(({ topic }) => topic === undefined || topics.has(topic)).map(({ id, topic }) => frame(id, `e${id}`, topic)).join('')}`,
    );
    await waitFor(() => streams.every((stream, i) => stream.body.length >= expected[i]!.length), 20_000, 'every event to its readers');
    expect(streams.filter((stream, i) => stream.body !== expected[i]).length).toBe(0);
  });
}
