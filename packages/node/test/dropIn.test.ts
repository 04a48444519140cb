// The drop-in contract: with default options, every call the original sse-channel 4.0.2 documents
// writes the original's bytes. Each expected body below was recorded from sse-channel 4.0.2 itself,
// the same calls on a node:http server read through a raw socket; where ours differs on purpose,
// the case says why (the README's migration section lists each difference).
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { SseChannel, SseChannelOptions } from '../src/index.js';
import { cleanup, nextConnect, openRaw, serve } from './fixture.js';

afterEach(cleanup);

/** A marker that ends what a case reads, framed alike with or without jsonEncode. */
const END = 'retry: 4242\n';
const end = (channel: SseChannel) => channel.retry(4242);
const PREAMBLE = `:${'-'.repeat(2056)}\n`;
const frame = (id: number | string, data = `E${id}`) => `id: ${id}\ndata: ${data}\n\n`;
const frames = (ids: Array<number | string>) => ids.map((id) => frame(id)).join('');
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, n) => from + n);

/** What a case does: channel options, sends before the client connects, the client's request, calls after. */
interface Case {
  options?: SseChannelOptions;
  before?: (channel: SseChannel) => void;
  path?: string;
  headers?: Record<string, string>;
  after?: (channel: SseChannel, res: ServerResponse) => void;
}

/** Sends `ids` as events with data `E<id>`. */
const sent = (ids: Array<number | string>) => (channel: SseChannel) => {
  for (const id of ids) channel.send({ id, data: `E${id}` });
};

/**
 * The body one raw client receives, up to the end marker sent after the case's calls. The channel
 * has default options (pings every 20 s, which no case lasts) unless the case sets some.
 */
async function body({ options, before, path = '', headers, after }: Case): Promise<string> {
  const { channel, url } = await serve({ pingInterval: undefined, ...options });
  before?.(channel);
  const connected = nextConnect(channel);
  const raw = openRaw(url + path, headers);
  const [, res] = await connected;
  await raw.waitFor(':ok\n\n');
  after?.(channel, res);
  end(channel);
  const text = await raw.waitFor(END);
  return text.slice(0, -END.length);
}

describe('the original bytes for every documented call, with default options', () => {
  it.each<[string, Case, string]>([
    ['addClient', {}, ':ok\n\n'],
    ['retryTimeout', { options: { retryTimeout: 3000 } }, ':ok\n\nretry: 3000\n'],
    ['retryTimeout 0 (none)', { options: { retryTimeout: 0 } }, ':ok\n\n'],
    ['the evs_preamble query parameter', { path: '?evs_preamble=1' }, `:ok\n\n${PREAMBLE}`],
    ['ping()', { after: (channel) => (channel.ping(), channel.ping()) }, ':ok\n\n:\n:\n'],
    ['retry(duration)', { after: (channel) => channel.retry(1500) }, ':ok\n\nretry: 1500\n'],
  ])('%s', async (_, spec, expected) => {
    expect(await body(spec)).toBe(expected);
  });

  it.each<[string, Array<Parameters<SseChannel['send']>[0]>, SseChannelOptions, string]>([
    ['strings, multi-line with CRLF, CR and LF, and empty', ['plain', '', 'a\r\nb\rc\nd', 'x\n'], {}, 'data: plain\n\ndata: \n\ndata: a\ndata: b\ndata: c\ndata: d\n\ndata: x\ndata: \n\n'],
    [
      'objects with data, id, event and retry, or without data',
      [{ data: 'x' }, { id: 1, data: 'a' }, { event: 'e', data: 'b' }, { retry: 100, data: 'c' }, { id: 2 }, { event: 'only' }, {}],
      {},
      'data: x\n\nid: 1\ndata: a\n\nevent: e\ndata: b\n\nretry: 100\ndata: c\n\nid: 2\ndata: \n\nevent: only\ndata: \n\ndata: \n\n',
    ],
    ['all four fields in the order event, retry, id, data', [{ retry: 1800, id: 1337, event: 'drink', data: 'Reign in Citra' }], {}, 'event: drink\nretry: 1800\nid: 1337\ndata: Reign in Citra\n\n'],
    ['an empty event name, left out', [{ event: '', data: 'x' }], {}, 'data: x\n\n'],
    ['falsy data and ids, written with String()', [{ data: 0 }, { data: false }, { data: null }, { data: Number.NaN }, { id: 0, data: 'zero' }, { id: '', data: 'empty' }], {}, 'data: 0\n\ndata: false\n\ndata: null\n\ndata: NaN\n\nid: 0\ndata: zero\n\nid: \ndata: empty\n\n'],
    ['objects and arrays without jsonEncode', [{ data: { a: 1 } }, { data: [1, 2] }, { data: 12.5 }, { data: true }], {}, 'data: [object Object]\n\ndata: 1,2\n\ndata: 12.5\n\ndata: true\n\n'],
    ['data with jsonEncode, a missing one as ""', ['str', { data: [1, 2] }, { data: { foo: 'bar' } }, { data: 0 }, { data: null }, { event: 'restart' }], { jsonEncode: true }, 'data: "str"\n\ndata: [1,2]\n\ndata: {"foo":"bar"}\n\ndata: 0\n\ndata: null\n\nevent: restart\ndata: ""\n\n'],
  ])('send(): %s', async (_, messages, options, expected) => {
    expect(await body({ options, after: (channel) => messages.forEach((message) => channel.send(message)) })).toBe(`:ok\n\n${expected}`);
  });

  it('send(msg, clients): only to those clients, and not into history', async () => {
    const { channel, url } = await serve();
    const first = openRaw(url);
    await first.waitFor(':ok\n\n');
    const connected = nextConnect(channel);
    const second = openRaw(url);
    const [, res] = await connected;
    await second.waitFor(':ok\n\n');
    channel.send({ id: 1, data: 'private' }, [res]);
    channel.send('public');
    expect(await first.waitFor('public')).toBe(':ok\n\ndata: public\n\n');
    expect(await second.waitFor('public')).toBe(':ok\n\nid: 1\ndata: private\n\ndata: public\n\n');
    const late = openRaw(url, { 'Last-Event-ID': '0' });
    await late.waitFor(':ok\n\n');
    end(channel);
    expect(await late.waitFor(END)).toBe(`:ok\n\n${END}`);
  });

  it('removeClient(res): nothing more is sent to it, and its response stays open', async () => {
    const { channel, url } = await serve();
    const connected = nextConnect(channel);
    const removed = openRaw(url);
    const [, res] = await connected;
    const kept = openRaw(url);
    await kept.waitFor(':ok\n\n');
    channel.removeClient(res);
    channel.send('after');
    expect(await kept.waitFor('after')).toBe(':ok\n\ndata: after\n\n');
    expect(removed.body).toBe(':ok\n\n');
    expect(removed.finished).toBe(false);
  });

  it('close(): ends every response after what was sent', async () => {
    const { channel, url } = await serve();
    const raw = openRaw(url);
    await raw.waitFor(':ok\n\n');
    channel.send('before');
    channel.close();
    await raw.waitForFinish();
    expect(raw.body).toBe(':ok\n\ndata: before\n\n');
  });
});

describe('replay after a Last-Event-ID, with default options', () => {
  const six = sent(range(1338, 1343));
  const hundredOfFive = { options: { historySize: 5 }, before: sent(range(101, 200)) };
  const lastFive = frames(range(196, 200));

  it.each<[string, Case, string]>([
    ['the Last-Event-ID header', { before: six, headers: { 'Last-Event-ID': '1339' } }, frames(range(1340, 1343))],
    ['the evs_last_event_id query parameter', { before: six, path: '?evs_last_event_id=1339' }, frames(range(1340, 1343))],
    ['the lastEventId query parameter', { before: six, path: '?lastEventId=1339' }, frames(range(1340, 1343))],
    ['an empty header, falling through to the query', { before: six, path: '?lastEventId=1341', headers: { 'Last-Event-ID': '' } }, frames([1342, 1343])],
    ['Last-Event-ID 0: everything kept', { before: six, headers: { 'Last-Event-ID': '0' } }, frames(range(1338, 1343))],
    ['lastEventId=0: everything kept', { before: six, path: '?lastEventId=0' }, frames(range(1338, 1343))],
    ['evs_last_event_id=0: everything kept', { before: six, path: '?evs_last_event_id=0' }, frames(range(1338, 1343))],
    ['Last-Event-ID 0 after older events were evicted: what is kept, no reset', { ...hundredOfFive, headers: { 'Last-Event-ID': '0' } }, lastFive],
    ['an unknown numeric id older than any kept: everything', { before: six, headers: { 'Last-Event-ID': '1' } }, frames(range(1338, 1343))],
    ['an unknown numeric id older than the channel, after evictions: what is kept, no reset', { ...hundredOfFive, headers: { 'Last-Event-ID': '50' } }, lastFive],
    ['an unknown negative id: everything', { before: six, headers: { 'Last-Event-ID': '-1' } }, frames(range(1338, 1343))],
    ['an unknown fractional id: the greater ids', { before: six, headers: { 'Last-Event-ID': '1340.5' } }, frames([1341, 1342, 1343])],
    ['an unknown numeric id newer than any kept: nothing', { before: six, headers: { 'Last-Event-ID': '99999' } }, ''],
    ['an id that is not numeric and never was kept: everything, no reset', { before: six, headers: { 'Last-Event-ID': 'abc' } }, frames(range(1338, 1343))],
    ['an id that is not numeric, after evictions: what is kept, no reset', { ...hundredOfFive, headers: { 'Last-Event-ID': 'abc' } }, lastFive],
    ['a kept id among the newest', { ...hundredOfFive, headers: { 'Last-Event-ID': '197' } }, frames([198, 199, 200])],
    ['string ids, after a kept one', { before: sent(['a', 'b', 'c']), headers: { 'Last-Event-ID': 'b' } }, frame('c')],
    ['string ids, with Last-Event-ID 0: everything', { before: sent(['a', 'b']), headers: { 'Last-Event-ID': '0' } }, frames(['a', 'b'])],
    ['a pre-loaded history, events without an id left out', { options: { history: [{ id: 1, data: 'E1' }, { data: 'no id' }, { id: 2, data: 'E2' }] }, path: '?lastEventId=0' }, frames([1, 2])],
    ['a pre-loaded history over historySize, with lastEventId=0: the newest, no reset', { options: { historySize: 2, history: [1, 2, 3].map((id) => ({ id, data: `E${id}` })) }, path: '?lastEventId=0' }, frames([2, 3])],
    ['no Last-Event-ID: nothing', { before: six }, ''],
  ])('%s', async (_, spec, expected) => {
    expect(await body(spec)).toBe(`:ok\n\n${expected}`);
  });

  // Where ours differs on purpose.
  it('sends the reset event first to a client whose id fell out of history with later events (the original lost them silently)', async () => {
    expect(await body({ ...hundredOfFive, headers: { 'Last-Event-ID': '110' } })).toBe(`:ok\n\nevent: sse-channel:reset\ndata: 110\n\n${lastFive}`);
  });

  it('sends the reset event for an id that is not numeric once it fell out of history', async () => {
    const spec = { options: { historySize: 2 }, before: sent(['a', 'b', 'c', 'd']), headers: { 'Last-Event-ID': 'a' } };
    expect(await body(spec)).toBe(`:ok\n\nevent: sse-channel:reset\ndata: a\n\n${frames(['c', 'd'])}`);
  });

  it.each(['0', '1340', 'abc'])('keeps no history and sends no reset with historySize 0 (Last-Event-ID %s; the original read 0 as 500)', async (id) => {
    expect(await body({ options: { historySize: 0 }, before: six, headers: { 'Last-Event-ID': id } })).toBe(':ok\n\n');
  });
});

describe('sendEventsSinceId(response, sinceId)', () => {
  const three = sent([1, 2, 3]);

  it.each<[string, string | number, string]>([
    ['a number', 1, frames([2, 3])],
    ['a numeric string', '2', frame(3)],
    ['0: everything', 0, frames([1, 2, 3])],
    ['an unknown id that is not numeric: everything', 'abc', frames([1, 2, 3])],
    ['the newest id: nothing', 3, ''],
  ])('sends the kept events after %s, oldest first', async (_, sinceId, expected) => {
    expect(await body({ before: three, after: (channel, res) => channel.sendEventsSinceId(res, sinceId) })).toBe(`:ok\n\n${expected}`);
  });

  it('writes them in call order among live events', async () => {
    const after = (channel: SseChannel, res: ServerResponse) => {
      channel.send('live');
      channel.sendEventsSinceId(res, 2);
      channel.send('live2');
    };
    expect(await body({ before: three, after })).toBe(`:ok\n\ndata: live\n\n${frame(3)}data: live2\n\n`);
  });

  it('sends only to that client', async () => {
    const { channel, url } = await serve();
    three(channel);
    const connected = nextConnect(channel);
    const target = openRaw(url);
    const [, res] = await connected;
    const other = openRaw(url);
    await other.waitFor(':ok\n\n');
    channel.sendEventsSinceId(res, 2);
    end(channel);
    expect(await target.waitFor(END)).toBe(`:ok\n\n${frame(3)}${END}`);
    expect(await other.waitFor(END)).toBe(`:ok\n\n${END}`);
  });

  it('sends the reset event first when sinceId fell out of history, as a reconnect would', async () => {
    const spec: Case = { options: { historySize: 2 }, before: sent([1, 2, 3, 4]), after: (channel, res) => channel.sendEventsSinceId(res, 1) };
    expect(await body(spec)).toBe(`:ok\n\nevent: sse-channel:reset\ndata: 1\n\n${frames([3, 4])}`);
  });

  it('does nothing for a response that is not a client', async () => {
    const { channel } = await serve();
    three(channel);
    const stranger = { headersSent: false } as ServerResponse;
    expect(channel.sendEventsSinceId(stranger, 0)).toBeUndefined();
  });

  it.each([undefined, null, true, {}])('throws a TypeError for a sinceId of %o', async (sinceId) => {
    const { channel } = await serve();
    expect(() => channel.sendEventsSinceId({} as ServerResponse, sinceId as unknown as string)).toThrow(TypeError);
    expect(() => channel.sendEventsSinceId({} as ServerResponse, sinceId as unknown as string)).toThrow(/^sinceId must be a string or a number \(got /);
  });
});
