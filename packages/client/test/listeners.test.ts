import { createServer } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { SseChannel, type SseChannelOptions } from '@sse-channel/node';
import { listen, stop, waitFor } from '@sse-channel/testkit';
import { createClient, type ClientOptions, type EventInfo } from '../src/index.js';
import { ScriptedServer, stream } from './ScriptedServer.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A node:http server for a real channel; its URL. */
async function serve(options: SseChannelOptions = {}) {
  const channel = new SseChannel({ pingInterval: 0, ...options });
  const server = createServer((request, response) => channel.addClient(request, response));
  const url = await listen(server);
  cleanups.push(() => channel.close(), () => stop(server));
  return { channel, url };
}

/** A client whose every event, reset and error is recorded, closed after the test. */
function record(url: string, options: ClientOptions = {}, types = ['message']) {
  const seen: Array<[data: unknown, event: EventInfo]> = [];
  const resets: string[] = [];
  const errors: unknown[] = [];
  let opens = 0;
  const client = createClient(url, {
    ...options,
    json: options.json as true,
    onOpen: () => opens++,
    onReset: (lastEventId) => resets.push(lastEventId),
    onError: (error) => errors.push(error),
  });
  for (const type of types) client.on(type, (data, event) => seen.push([data, event]));
  cleanups.push(() => client.close());
  return { client, seen, resets, errors, opened: () => waitFor(() => opens > 0) };
}

describe('listeners', () => {
  it('gets the data of the events of its name, with the name and the last event id', async () => {
    const { channel, url } = await serve();
    const { seen, opened } = record(url, {}, ['message', 'price']);
    await opened();
    channel.send({ id: 1, event: 'price', data: '42' });
    channel.send('plain');
    channel.send({ event: 'volume', data: 'nobody listens' });
    channel.send({ id: 2, data: 'last' });
    await waitFor(() => seen.length === 3);
    expect(seen).toEqual([
      ['42', { type: 'price', lastEventId: '1' }],
      ['plain', { type: 'message', lastEventId: '1' }],
      ['last', { type: 'message', lastEventId: '2' }],
    ]);
  });

  it('never gets comments: neither :ok nor keep-alive pings', async () => {
    const { channel, url } = await serve({ pingInterval: 5 });
    const { seen, opened } = record(url);
    await opened();
    await new Promise((resolve) => setTimeout(resolve, 50));
    channel.send('only');
    await waitFor(() => seen.length === 1);
    expect(seen.map(([data]) => data)).toEqual(['only']);
  });

  it('gets JSON-decoded data with json: true, from a channel with jsonEncode', async () => {
    const { channel, url } = await serve({ jsonEncode: true });
    const { seen, opened } = record(url, { json: true }, ['price']);
    await opened();
    channel.send({ event: 'price', data: { symbol: 'ACME', price: 42 } });
    channel.send({ event: 'price', data: [1, 'two', null] });
    await waitFor(() => seen.length === 2);
    expect(seen.map(([data]) => data)).toEqual([{ symbol: 'ACME', price: 42 }, [1, 'two', null]]);
  });

  it('skips an event whose data is not JSON, telling onError, and goes on', async () => {
    const { channel, url } = await serve();
    const { seen, errors, opened } = record(url, { json: true });
    await opened();
    channel.send('not json');
    channel.send('"json"');
    await waitFor(() => seen.length === 1);
    expect(seen[0]?.[0]).toBe('json');
    expect(String(errors[0])).toBe('Error: the data of a message event is not JSON');
  });

  it('is removed by the function on() returns', async () => {
    const { channel, url } = await serve();
    const { client, seen, opened } = record(url);
    const late: unknown[] = [];
    const off = client.on('message', (data) => late.push(data));
    await opened();
    channel.send('one');
    await waitFor(() => seen.length === 1);
    off();
    channel.send('two');
    await waitFor(() => seen.length === 2);
    expect(late).toEqual(['one']);
  });

  it('gets nothing more once a listener closed the client, even from the same chunk', async () => {
    const server = await ScriptedServer.start((response) => stream(response, 'data: 1\n\ndata: 2\n\n'));
    cleanups.push(() => server.stop());
    const client = createClient(server.url);
    const seen: string[] = [];
    client.on('message', (data) => {
      seen.push(data);
      client.close();
    });
    await waitFor(() => seen.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen).toEqual(['1']);
  });
});

describe('the reset event', () => {
  /** A channel keeping 2 events that has sent 1..5, so a client at id 1 is too far behind. */
  async function behind(options: SseChannelOptions = {}) {
    const served = await serve({ historySize: 2, ...options });
    for (let id = 1; id <= 5; id++) served.channel.send({ id, data: `e${id}` });
    return served;
  }

  it('calls onReset with the id the client had, then delivers what history kept', async () => {
    const { url } = await behind();
    const { seen, resets } = record(url, { lastEventId: '1' });
    await waitFor(() => seen.length === 2);
    expect(resets).toEqual(['1']);
    expect(seen.map(([data]) => data)).toEqual(['e4', 'e5']);
  });

  it('is not JSON-decoded on a jsonEncode channel: its data is the id itself', async () => {
    const { url } = await behind({ jsonEncode: true });
    const { seen, resets, errors } = record(url, { lastEventId: '1', json: true });
    await waitFor(() => seen.length === 2);
    expect(resets).toEqual(['1']);
    expect(errors).toEqual([]);
  });

  it('follows the channel resetEvent name given as the resetEvent option', async () => {
    const { url } = await behind({ resetEvent: 'resync' });
    const { seen, resets } = record(url, { lastEventId: '1', resetEvent: 'resync' });
    await waitFor(() => seen.length === 2);
    expect(resets).toEqual(['1']);
  });

  it('reaches listeners as an ordinary event with resetEvent: false', async () => {
    const { url } = await behind();
    const { seen, resets } = record(url, { lastEventId: '1', resetEvent: false }, ['message', 'sse-channel:reset']);
    await waitFor(() => seen.length === 3);
    expect(resets).toEqual([]);
    expect(seen[0]).toEqual(['1', { type: 'sse-channel:reset', lastEventId: '1' }]);
  });
});
