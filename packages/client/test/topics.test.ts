import { createServer } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { SseChannel } from '@sse-channel/node';
import { listen, stop, waitFor } from '@sse-channel/testkit';
import { createClient, type ClientOptions, type EventInfo } from '../src/index.js';
import { ScriptedServer, stream } from './ScriptedServer.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A server that answers with `body` in the topics wire convention and keeps each request's URL. */
async function serve(body: string) {
  const urls: string[] = [];
  const server = await ScriptedServer.start((response, _index, request) => {
    urls.push(request.url ?? '');
    stream(response, body);
  });
  cleanups.push(() => server.stop());
  return { server, urls };
}

function connect(url: string, options: ClientOptions & { json?: false } = {}) {
  const client = createClient(url, options);
  cleanups.push(() => client.close());
  return client;
}

describe('topics', () => {
  it('asks for each topic of the topics option as a topic query parameter, keeping the URL own query', async () => {
    const { server, urls } = await serve('');
    connect(`${server.url}?room=1`, { topics: ['rooms/a', 'rooms/*', 'a b&c'] });
    await waitFor(() => urls.length === 1);
    const query = new URL(urls[0] ?? '', server.url).searchParams;
    expect(query.get('room')).toBe('1');
    expect(query.getAll('topic')).toEqual(['rooms/a', 'rooms/*', 'a b&c']);
  });

  it('gives a topic listener the events of its topic: <topic> as message, <topic>#<event> by name', async () => {
    const { server } = await serve(
      'id: 1\nevent: rooms/a\ndata: hi\n\n' +
        'id: 2\nevent: rooms/a#price\ndata: 42\n\n' +
        'id: 3\nevent: rooms/b\ndata: other room\n\n' +
        'id: 4\nevent: rooms/a#price\ndata: 43\n\n',
    );
    const client = connect(server.url);
    const seen: Array<[string, EventInfo]> = [];
    client.topic('rooms/a').on('message', (data, event) => seen.push([data, event]));
    client.topic('rooms/a').on('price', (data, event) => seen.push([data, event]));
    await waitFor(() => seen.length === 3);
    expect(seen).toEqual([
      ['hi', { type: 'message', topic: 'rooms/a', lastEventId: '1' }],
      ['42', { type: 'price', topic: 'rooms/a', lastEventId: '2' }],
      ['43', { type: 'price', topic: 'rooms/a', lastEventId: '4' }],
    ]);
  });

  it('gives a pattern listener the events of every topic under its prefix, each with its topic', async () => {
    const { server } = await serve(
      'event: rooms/a\ndata: 1\n\nevent: roomsx\ndata: not a room\n\nevent: rooms/b/c#message\ndata: 2\n\nevent: ticker\ndata: 3\n\n',
    );
    const client = connect(server.url);
    const rooms: Array<[string, string | undefined]> = [];
    const all: string[] = [];
    client.topic('rooms/*').on('message', (data, { topic }) => rooms.push([data, topic]));
    client.topic('*').on('message', (data) => all.push(data));
    await waitFor(() => all.length === 4);
    expect(rooms).toEqual([['1', 'rooms/a'], ['2', 'rooms/b/c']]);
  });

  it('leaves channel-wide events to on(), which also gets topic events by their full name', async () => {
    const { server } = await serve('data: wide\n\nevent: stats\ndata: 7\n\nevent: rooms/a#price\ndata: 42\n\n');
    const client = connect(server.url);
    const topic: string[] = [];
    const wide: string[] = [];
    client.topic('rooms/a').on('message', (data) => topic.push(data));
    client.topic('rooms/a').on('price', (data) => topic.push(data));
    client.on('message', (data) => wide.push(data));
    client.on('stats', (data) => wide.push(data));
    client.on('rooms/a#price', (data) => wide.push(data));
    await waitFor(() => wide.length === 3);
    expect(wide).toEqual(['wide', '7', '42']);
    expect(topic).toEqual(['42']);
  });

  it('decodes JSON once for every listener of the event, with json: true', async () => {
    const { server } = await serve('event: rooms/a\ndata: {"n":1}\n\n');
    const client = createClient(server.url, { json: true });
    cleanups.push(() => client.close());
    const seen: unknown[] = [];
    client.topic('rooms/a').on('message', (data) => seen.push(data));
    client.topic('rooms/*').on('message', (data) => seen.push(data));
    await waitFor(() => seen.length === 2);
    expect(seen).toEqual([{ n: 1 }, { n: 1 }]);
    expect(seen[0]).toBe(seen[1]);
  });

  it('is removed by the function on() returns', async () => {
    const { server } = await serve('event: t\ndata: 1\n\n');
    const client = connect(server.url);
    const kept: string[] = [];
    const removed: string[] = [];
    client.topic('t').on('message', (data) => kept.push(data));
    client.topic('t').on('message', (data) => removed.push(data))();
    await waitFor(() => kept.length === 1);
    expect(removed).toEqual([]);
  });

  const invalid: unknown[] = ['', 'a#b', 'a\nb', 'a\0', 'a*', 'a/*/b', '**', 'x'.repeat(201), 7];
  it.each(invalid)('refuses the topic name %j in the topics option and in topic(), naming them', (name) => {
    expect(() => createClient('http://127.0.0.1:9/', { topics: [name as string] })).toThrow(/^each of topics must be a topic name/);
    const client = connect('http://127.0.0.1:9/');
    expect(() => client.topic(name as string)).toThrow(TypeError);
    expect(() => client.topic(name as string)).toThrow(/^topic must be a topic name .* \(got .+\)$/);
  });

  it('refuses a topics option that is not an array, such as one name', () => {
    expect(() => createClient('http://127.0.0.1:9/', { topics: 'rooms/a' as unknown as string[] })).toThrow(
      'topics must be an array of topic names (got "rooms/a")',
    );
  });

  it('accepts names of 200 characters, patterns and names with spaces and slashes', () => {
    const names = ['x'.repeat(200), '*', 'rooms/*', 'a b/c d', '/'];
    expect(() => connect('http://127.0.0.1:9/', { topics: names })).not.toThrow();
  });
});

describe('topics of a real channel', () => {
  async function serveChannel() {
    const channel = new SseChannel({ topics: true, autoId: true, historySize: 100, pingInterval: 0 });
    const server = createServer((request, response) => channel.addClient(request, response));
    const url = await listen(server);
    cleanups.push(() => channel.close(), () => stop(server));
    return { channel, server, url };
  }

  /** A client reading `topics`, recording every event of rooms/*, ticker and the channel-wide `notice`. */
  function reader(url: string, topics: string[]) {
    const seen: string[] = [];
    let opens = 0;
    const client = connect(url, { topics, retryDelay: 200, onOpen: () => opens++ });
    client.topic('rooms/*').on('message', (data, { topic }) => seen.push(`${topic} ${data}`));
    client.topic('ticker').on('price', (data, { topic }) => seen.push(`${topic}#price ${data}`));
    client.on('notice', (data) => seen.push(`notice ${data}`));
    return { client, seen, opens: () => opens };
  }

  it('reads several topics over one connection, channel-wide events too, nothing of other topics', async () => {
    const { channel, url } = await serveChannel();
    const { seen, opens } = reader(url, ['rooms/*', 'ticker']);
    await waitFor(() => channel.getConnectionCount() === 1 && opens() === 1);
    channel.topic('rooms/a').send('hi');
    channel.topic('stats').send('unread');
    channel.topic('ticker').send({ event: 'price', data: '42' });
    channel.send({ event: 'notice', data: 'to all' });
    channel.topic('rooms/b/c').send('deep');
    await waitFor(() => seen.length === 4);
    expect(seen).toEqual(['rooms/a hi', 'ticker#price 42', 'notice to all', 'rooms/b/c deep']);
    expect(channel.getConnectionCount()).toBe(1);
  });

  it('resumes every topic it reads with its one Last-Event-ID after the server drops the connection', async () => {
    const { channel, server, url } = await serveChannel();
    const { client, seen, opens } = reader(url, ['rooms/*', 'ticker']);
    await waitFor(() => channel.getConnectionCount() === 1);
    channel.topic('rooms/a').send('before');
    await waitFor(() => seen.length === 1);
    server.closeAllConnections();
    await waitFor(() => channel.getConnectionCount() === 0);
    channel.topic('ticker').send({ event: 'price', data: '1' });
    channel.topic('stats').send('unread');
    channel.topic('rooms/b').send('missed');
    channel.send({ event: 'notice', data: 'missed too' });
    await waitFor(() => seen.length === 4);
    channel.topic('rooms/a').send('live');
    await waitFor(() => seen.length === 5);
    expect(opens()).toBe(2);
    expect(seen).toEqual(['rooms/a before', 'ticker#price 1', 'rooms/b missed', 'notice missed too', 'rooms/a live']);
    expect(client.lastEventId).toBe('6');
  });
});
