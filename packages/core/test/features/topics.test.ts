import { describe, expect, it } from 'vitest';
import { SseChannel, type SseChannelOptions, type SseSink } from '../../src/index.js';
import { connect, request, settle } from '../connect.js';
import { MemorySink } from '../MemorySink.js';

type Options = SseChannelOptions<ReturnType<typeof request>>;

function topicsChannel(options: Options = {}): SseChannel<MemorySink> {
  return new SseChannel<MemorySink>({ pingInterval: 0, topics: true, ...options });
}

/** The status a request to `url` is answered with. */
function status(channel: SseChannel<MemorySink>, url: string, headers: Record<string, string> = {}): number {
  const req = request(url, headers);
  return channel.accept(req, req, new MemorySink()).status;
}

describe('topic options', () => {
  it.each<[Options, string]>([
    [{ topics: 'yes' as unknown as boolean }, 'topics must be a boolean or a function of the request (got "yes")'],
    [{ topics: true, maxTopics: 0 }, 'maxTopics must be an integer >= 1 (got 0)'],
    [{ topics: true, maxTopics: 1.5 }, 'maxTopics must be an integer >= 1 (got 1.5)'],
    [{ topics: true, authorizeTopic: true as unknown as () => boolean }, 'authorizeTopic must be a function of the topic and the request (got true)'],
    [{ topics: true, unauthorizedTopics: 'drop' as 'omit' }, `unauthorizedTopics must be 'refuse' or 'omit' (got "drop")`],
    [{ authorizeTopic: () => true }, 'authorizeTopic needs the topics option (got a function)'],
    [{ topics: false, maxTopics: 3 }, 'maxTopics needs the topics option (got 3)'],
  ])('refuses %o at construction, naming the option', (options, message) => {
    expect(() => new SseChannel(options)).toThrow(message);
  });
});

describe('sending to a topic', () => {
  it('names topic events <topic>, or <topic>#<event>, leaving data and id as sent', async () => {
    const channel = topicsChannel();
    const { sink } = connect(channel, request('/events?topic=rooms/a'));
    channel.topic('rooms/a').send({ id: 1, data: '{"text":"hi"}' });
    channel.topic('rooms/a').send({ id: 2, event: 'typing', data: 'ann' });
    channel.topic('rooms/a').send({ event: 'message', data: 'default name' });
    await settle();
    expect(sink.text).toBe(':ok\n\nevent: rooms/a\nid: 1\ndata: {"text":"hi"}\n\nevent: rooms/a#typing\nid: 2\ndata: ann\n\nevent: rooms/a\ndata: default name\n\n');
  });

  it.each(['', 'a#b', 'rooms/*', '*', 'a\nb', 'a\rb', 'a\0b', 'x'.repeat(201), 7 as unknown as string])(
    'refuses the topic name %j with a TypeError naming it, keeping nothing',
    async (name) => {
      const channel = topicsChannel({ topics: true });
      const { sink } = connect(channel, request('/events?topic=*'));
      expect(() => channel.topic(name).send({ id: 1, data: 'x' })).toThrow(TypeError);
      expect(() => channel.topic(name)).toThrow(/^topic must be a name of 1 to 200 characters/);
      await settle();
      expect(sink.text).toBe(':ok\n\n');
      expect(channel.stats().historySize).toBe(0);
    },
  );

  it('refuses a hostile event name in a topic event, sending and keeping nothing', () => {
    const channel = topicsChannel();
    expect(() => channel.topic('a').send({ id: 1, event: 'x\ndata: injected', data: 'y' })).toThrow(TypeError);
    expect(channel.stats().historySize).toBe(0);
  });

  it('frames a topic event once: every reader gets the same bytes', async () => {
    const channel = new SseChannel<SseSink>({ pingInterval: 0, topics: true });
    const readers = ['/events?topic=t', '/events?topic=t&topic=u', '/events?topic=*'].map((url) => {
      const chunks: Uint8Array[] = [];
      connect(channel, request(url), { write: (chunk) => chunks.push(chunk) > 0, end: () => {} });
      return chunks;
    });
    await settle();
    channel.topic('t').send('x');
    await settle();
    expect(readers[0]![1]).toBe(readers[1]![1]);
    expect(readers[0]![1]).toBe(readers[2]![1]);
  });

  it('sends to topics from a channel without the topics option, though nobody reads them', async () => {
    const channel = new SseChannel<MemorySink>({ pingInterval: 0 });
    const { sink } = connect(channel, request('/events?topic=a'));
    channel.topic('a').send({ id: 1, data: 'x' });
    channel.send({ id: 2, data: 'y' });
    await settle();
    expect(sink.text).toBe(':ok\n\nid: 2\ndata: y\n\n');
    expect(channel.stats().historySize).toBe(2);
  });
});

describe('subscribing', () => {
  it('delivers the events of the topics a client reads and every channel-wide event, in send order', async () => {
    const channel = topicsChannel();
    const ab = connect(channel, request('/events?topic=a&topic=b'));
    const none = connect(channel, request('/events'));
    channel.topic('a').send('1');
    channel.topic('c').send('2');
    channel.send('3');
    channel.topic('b').send('4');
    await settle();
    expect(ab.sink.text).toBe(':ok\n\nevent: a\ndata: 1\n\ndata: 3\n\nevent: b\ndata: 4\n\n');
    expect(none.sink.text).toBe(':ok\n\ndata: 3\n\n');
  });

  it('reads every topic under a pattern, at any depth, and an event matched twice once', async () => {
    const channel = topicsChannel();
    const rooms = connect(channel, request('/events?topic=rooms/*&topic=rooms/a'));
    const every = connect(channel, request('/events?topic=*'));
    for (const topic of ['rooms/a', 'rooms/b/c', 'roomsx', 'ticker']) channel.topic(topic).send(topic);
    await settle();
    expect(rooms.sink.text).toBe(':ok\n\nevent: rooms/a\ndata: rooms/a\n\nevent: rooms/b/c\ndata: rooms/b/c\n\n');
    expect(every.sink.text.match(/^data: .*$/gm)).toEqual(['data: rooms/a', 'data: rooms/b/c', 'data: roomsx', 'data: ticker']);
  });

  it('takes the topics from a function of the request', async () => {
    const channel = topicsChannel({ topics: (req) => [String(req.headers['x-room'])] });
    const { sink } = connect(channel, request('/events?topic=b', { 'x-room': 'a' }));
    channel.topic('a').send('for a');
    channel.topic('b').send('for b');
    await settle();
    expect(sink.text).toBe(':ok\n\nevent: a\ndata: for a\n\n');
  });

  it('answers 400 to an invalid topic name and to more than maxTopics topics', () => {
    const channel = topicsChannel({ maxTopics: 2 });
    for (const url of ['/events?topic=', '/events?topic=a%23b', '/events?topic=a*', '/events?topic=a%0Ab', '/events?topic=a&topic=b&topic=c']) {
      expect(status(channel, url)).toBe(400);
    }
    expect(status(channel, '/events?topic=a&topic=b&topic=a')).toBe(200);
    expect(channel.getConnectionCount()).toBe(0);
  });

  it("refuses a request with an unauthorized topic with 403, by default ('refuse')", () => {
    const channel = topicsChannel({ authorizeTopic: (topic, req) => topic !== 'secret' || req.headers['x-admin'] === 'yes' });
    expect(status(channel, '/events?topic=a&topic=secret')).toBe(403);
    expect(status(channel, '/events?topic=a&topic=secret', { 'x-admin': 'yes' })).toBe(200);
  });

  it('asks authorizeTopic about a pattern as written', () => {
    const asked: string[] = [];
    const channel = topicsChannel({ authorizeTopic: (topic) => asked.push(topic) > 0 });
    status(channel, '/events?topic=rooms/*&topic=a');
    expect(asked).toEqual(['rooms/*', 'a']);
  });

  it("leaves unauthorized topics out with 'omit', and refuses with 403 when none is left", async () => {
    const channel = topicsChannel({ authorizeTopic: (topic) => topic !== 'secret', unauthorizedTopics: 'omit' });
    expect(status(channel, '/events?topic=secret')).toBe(403);
    const { sink } = connect(channel, request('/events?topic=a&topic=secret'));
    channel.topic('secret').send('s');
    channel.topic('a').send('a');
    await settle();
    expect(sink.text).toBe(':ok\n\nevent: a\ndata: a\n\n');
  });

  it('keeps the CORS headers on a refusal, so a cross-origin client can read its status', () => {
    const channel = topicsChannel({ cors: { origins: ['https://app.example'] } });
    const req = request('/events?topic=', { origin: 'https://app.example' });
    const answer = channel.accept(req, req, new MemorySink());
    expect(answer).toMatchObject({ status: 400, stream: false, headers: { 'Access-Control-Allow-Origin': 'https://app.example' } });
    expect(answer.headers['Content-Type']).toBeUndefined();
  });

  it('stops delivering to a client that left', async () => {
    const channel = topicsChannel();
    const { sink } = connect(channel, request('/events?topic=a&topic=b/*'));
    const recipients: number[] = [];
    channel.on('message', (_channel, _message, handles) => recipients.push(handles.length));
    channel.topic('a').send('1');
    sink.end();
    channel.removeClient(sink);
    channel.topic('a').send('2');
    channel.topic('b/c').send('3');
    expect(recipients).toEqual([1, 0, 0]);
  });
});

describe('resuming topics', () => {
  /** Events 1..9 in turn to topics a, b and c, ids 1..9. */
  function sendHistory(channel: SseChannel<MemorySink>): void {
    for (let id = 1; id <= 9; id++) channel.topic('abc'[(id - 1) % 3] as string).send({ id, data: `e${id}` });
  }

  it('replays after a Last-Event-ID the missed events of the topics read and the channel-wide ones, in order', async () => {
    const channel = topicsChannel();
    sendHistory(channel);
    channel.send({ id: 10, data: 'all' });
    const { sink } = connect(channel, request('/events?topic=a&topic=c', { 'last-event-id': '3' }));
    await settle();
    expect(sink.text.match(/^id: .*$/gm)).toEqual(['id: 4', 'id: 6', 'id: 7', 'id: 9', 'id: 10']);
  });

  it('tells a client that fell too far behind, before replaying what is kept of its topics', async () => {
    const channel = topicsChannel({ historySize: 4 });
    sendHistory(channel);
    const { sink } = connect(channel, request('/events?topic=b', { 'last-event-id': '2' }));
    await settle();
    expect(sink.text).toBe(':ok\n\nevent: sse-channel:reset\ndata: 2\n\nevent: b\nid: 8\ndata: e8\n\n');
  });

  it("replays the newest of a first connection's topics with firstConnect", async () => {
    const channel = topicsChannel({ firstConnect: 2 });
    sendHistory(channel);
    const { sink } = connect(channel, request('/events?topic=a'));
    await settle();
    expect(sink.text.match(/^id: .*$/gm)).toEqual(['id: 4', 'id: 7']);
  });

  it("filters sendEventsSinceId by the client's topics", async () => {
    const channel = topicsChannel();
    const { sink } = connect(channel, request('/events?topic=c'));
    sendHistory(channel);
    await settle();
    channel.sendEventsSinceId(sink, 6);
    await settle();
    expect(sink.text.match(/^id: .*$/gm)).toEqual(['id: 3', 'id: 6', 'id: 9', 'id: 9']);
  });
});

describe('pre-loaded history with topics', () => {
  it('replays a pre-loaded event of a topic to the readers of that topic only', async () => {
    const history = [
      { id: 1, topic: 'a', data: 'a1' },
      { id: 2, topic: 'b', event: 'chat', data: 'b2' },
      { id: 3, data: 'all' },
    ];
    const channel = topicsChannel({ history });
    const { sink } = connect(channel, request('/events?topic=b', { 'last-event-id': '0' }));
    await settle();
    expect(sink.text).toBe(':ok\n\nevent: b#chat\nid: 2\ndata: b2\n\nid: 3\ndata: all\n\n');
  });

  it('refuses a pre-loaded event with an invalid topic, naming it', () => {
    expect(() => topicsChannel({ history: [{ id: 1, topic: 'a#b', data: 'x' }] })).toThrow(/^history\[0\] is not a valid event: topic must be/);
  });
});
