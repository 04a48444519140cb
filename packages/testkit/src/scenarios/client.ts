import { afterEach, expect, it } from 'vitest';
// The client's source, not its package: the client's own tests run on the testkit, so a package
// dependency would make a cycle (and the source needs no build before the adapters' tests).
import { createClient, ResponseError, type ClientOptions, type EventStreamClient } from '../../../client/src/index.js';
import { waitFor } from '../waitFor.js';
import type { Harness } from './Harness.js';
import type { ScenarioChannel } from './transport.js';

/** `@sse-channel/client` as one more reader of the transport's streams. */
export function clientScenarios<C extends ScenarioChannel>(h: Harness<C>): void {
  const clients: Array<EventStreamClient<Record<string, unknown>>> = [];
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });

  /** A client recording the events of `types` as `type:data@lastEventId`, its resets and errors; closed after the scenario. */
  function read(url: string, types: string[], options: ClientOptions = {}) {
    const seen: string[] = [];
    const resets: string[] = [];
    const errors: unknown[] = [];
    let opens = 0;
    const client = createClient(url, {
      ...options,
      onOpen: () => opens++,
      onReset: (id) => resets.push(id),
      onError: (error) => errors.push(error),
    });
    for (const type of types) client.on(type, (data, { lastEventId }) => seen.push(`${type}:${JSON.stringify(data)}@${lastEventId}`));
    clients.push(client);
    return { client, seen, resets, errors, opened: (count = 1) => waitFor(() => opens >= count, 5000, `${count} open(s)`) };
  }

  it('reads named and unnamed events with their ids, and never a comment or keep-alive', async () => {
    const { channel, url } = await h.start({ pingInterval: 5 });
    const { seen, opened } = read(url, ['message', 'price']);
    await opened();
    await new Promise((resolve) => setTimeout(resolve, 30));
    channel.send({ id: 1, event: 'price', data: '42' });
    channel.send('plain');
    await waitFor(() => seen.length === 2);
    expect(seen).toEqual(['price:"42"@1', 'message:"plain"@1']);
  });

  it('decodes the data of a jsonEncode channel with json: true', async () => {
    const { channel, url } = await h.start({ jsonEncode: true });
    const { seen, opened } = read(url, ['price'], { json: true });
    await opened();
    channel.send({ id: 1, event: 'price', data: { symbol: 'ACME', price: 42 } });
    await waitFor(() => seen.length === 1);
    expect(seen).toEqual(['price:{"symbol":"ACME","price":42}@1']);
  });

  it('resumes with its Last-Event-ID when the server ends the stream, missing nothing', async () => {
    const { channel, url } = await h.start({ retryTimeout: 20, pingInterval: 0 });
    const { seen, opened } = read(url, ['message']);
    await opened();
    channel.send({ id: 1, data: 'a' });
    await waitFor(() => seen.length === 1);
    await channel.close();
    channel.send({ id: 2, data: 'b' });
    channel.send({ id: 3, data: 'c' });
    await opened(2);
    channel.send({ id: 4, data: 'd' });
    await waitFor(() => seen.length === 4);
    expect(seen).toEqual(['message:"a"@1', 'message:"b"@2', 'message:"c"@3', 'message:"d"@4']);
  });

  it('calls onReset with its id when the channel no longer has it, then reads what history kept', async () => {
    const { channel, url } = await h.start({ historySize: 2, pingInterval: 0 });
    for (let id = 1; id <= 4; id++) channel.send({ id, data: `e${id}` });
    const { seen, resets } = read(url, ['message'], { lastEventId: '1' });
    await waitFor(() => seen.length === 2);
    expect(resets).toEqual(['1']);
    expect(seen).toEqual(['message:"e3"@3', 'message:"e4"@4']);
  });

  it('sends the headers authorize reads, and stops for good when authorize refuses', async () => {
    const channel = h.channel({ pingInterval: 0 });
    const { url } = await h.serve({ channel, authorize: (headers) => (headers.authorization === 'Bearer good' ? true : 401) });
    const allowed = read(`${url}/events/main`, ['message'], { headers: () => ({ Authorization: 'Bearer good' }) });
    const refused = read(`${url}/events/main`, ['message'], { headers: { Authorization: 'Bearer bad' }, retryDelay: 5 });
    await allowed.opened();
    await waitFor(() => refused.errors.length === 1);
    expect(refused.client.state).toBe('closed');
    expect((refused.errors[0] as ResponseError).status).toBe(401);
    expect(channel.getConnectionCount()).toBe(1);
  });
}
