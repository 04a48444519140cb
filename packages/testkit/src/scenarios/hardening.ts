import { expect, it } from 'vitest';
import { churn } from '../churn.js';
import type { RawStream } from '../RawStream.js';
import { waitFor } from '../waitFor.js';
import type { Harness } from './Harness.js';
import type { ScenarioChannel } from './transport.js';

const frame = (id: number) => `id: ${id}\ndata: event ${id}\n\n`;
const NO_REPLAY = ':ok\n\n';
const EVERYTHING = [1, 2, 3, 4, 5].map(frame).join('');
/** An id that is not a number and was never kept: the client gets all that is kept, no reset (as the original sse-channel). */
const ALL_KEPT = NO_REPLAY + EVERYTHING;
const AFTER_3 = NO_REPLAY + frame(4) + frame(5);
const ALLOW = 'GET, POST, HEAD, OPTIONS';
const MARKER = 'data: marker\n\n';

/**
 * Hostile requests get a defined answer, never a crash and never an injected field: Last-Event-ID
 * abuse, absurd query strings, bodies, methods, Accept. The channel keeps events 1..5.
 */
export function hostileRequestScenarios<C extends ScenarioChannel>(h: Harness<C>): void {
  const start = async () => {
    const started = await h.start({ pingInterval: 0 });
    for (let id = 1; id <= 5; id++) started.channel.send({ id, data: `event ${id}` });
    return started;
  };
  /** The stream's exact bytes up to a marker event sent after it opened: nothing injected, nothing else replayed. */
  const body = async (channel: C, stream: RawStream, expected: string) => {
    await stream.waitFor(expected);
    channel.send('marker');
    const text = await stream.waitFor(MARKER);
    return text.endsWith(MARKER) ? text.slice(0, -MARKER.length) : text;
  };
  const streamed = async (query: string, headers: Record<string, string>, expected: string) => {
    const { channel, url } = await start();
    expect(await body(channel, h.raw(`${url}${query}`, headers), expected)).toBe(expected);
  };

  it('ignores a Last-Event-ID header over 1 KiB', () => streamed('', { 'Last-Event-ID': '0'.repeat(1025) }, NO_REPLAY));
  it('ignores a lastEventId query parameter over 1 KiB', () => streamed(`?lastEventId=${'0'.repeat(1025)}`, {}, NO_REPLAY));
  it('ignores query ids with CR, LF or NUL, never writing them as a field', () =>
    streamed('?evs_last_event_id=2%0D%0Aevent%3A%20injected&lastEventId=3%0Aid%3A%209%00', {}, NO_REPLAY));
  it('replays everything kept for a query id that is not UTF-8 (an unknown id)', () => streamed('?lastEventId=%FF%FE', {}, ALL_KEPT));
  it('replays everything kept for an undecodable percent sequence', () => streamed('?lastEventId=%zz', {}, ALL_KEPT));
  it('uses the first of a repeated query parameter', () => streamed('?lastEventId=3&lastEventId=1', {}, AFTER_3));
  it('reads the id after 2,000 other parameters', () => streamed(`?${'a=1&'.repeat(2000)}lastEventId=3`, {}, AFTER_3));
  it('streams to a client whose Accept does not name text/event-stream', () => streamed('', { Accept: 'application/json' }, NO_REPLAY));
  for (const query of ['?', '?&&&==&=', '?%', '?%%%', '?lastEventId', '?lastEventId=', '?=3']) {
    it(`streams without replay for the query ${JSON.stringify(query)}`, () => streamed(query, {}, NO_REPLAY));
  }

  it("is refused by the HTTP layer for a header over node's 16 KiB limit (431; hapi answers 400)", async () => {
    const { channel, url } = await start();
    const stream = h.raw(url, { 'Last-Event-ID': '1'.repeat(20 * 1024) });
    await stream.waitForHead();
    expect([400, 431]).toContain(stream.status);
    expect(channel.getConnectionCount()).toBe(0);
  });

  it("gets the HTTP parser's 400 for a raw NUL, CR or lone LF inside the header", async () => {
    const { channel, url } = await start();
    for (const value of ['2\0', '2\rid: 9', '2\nid: 9']) {
      const stream = h.exchange(url, { headerLines: [Buffer.from(`Last-Event-ID: ${value}`, 'latin1')] });
      expect(await stream.until('\r\n\r\n')).toMatch(/^HTTP\/1\.1 400 /);
    }
    expect(channel.getConnectionCount()).toBe(0);
  });

  it('replays everything kept for a header that is not UTF-8 (an unknown id)', async () => {
    const { url } = await start();
    const line = Buffer.concat([Buffer.from('Last-Event-ID: '), Buffer.from([0xff, 0xfe, 0x80])]);
    expect(await h.exchange(url, { headerLines: [line] }).until(frame(5))).toContain(ALL_KEPT);
  });

  it('replays everything kept for a repeated header (node joins the values into one unknown id)', async () => {
    const { url } = await start();
    const headerLines = [Buffer.from('Last-Event-ID: 3'), Buffer.from('Last-Event-ID: 4')];
    expect(await h.exchange(url, { headerLines }).until(frame(5))).toContain(ALL_KEPT);
  });

  // Frameworks that parse bodies (fastify, hapi) refuse one they cannot parse with their own 4xx first.
  it('streams a POST with a text body', async () => {
    const { channel, url } = await start();
    const headerLines = [Buffer.from('Content-Type: text/plain')];
    const stream = h.exchange(url, { method: 'POST', headerLines, body: Buffer.from('hello') });
    await stream.until(NO_REPLAY);
    await waitFor(() => channel.getConnectionCount() === 1);
    channel.send('after the body');
    expect(await stream.until('data: after the body\n\n')).toMatch(/^HTTP\/1\.1 200 /);
  });

  it('streams a GET that carries a body', async () => {
    const { url } = await start();
    expect(await h.exchange(url, { body: Buffer.from('abc') }).until(NO_REPLAY)).toMatch(/^HTTP\/1\.1 200 /);
  });

  it('answers HEAD with the stream head and no body, adding no client', async () => {
    const { channel, url } = await start();
    let connects = 0;
    channel.on('connect', () => connects++);
    const stream = h.raw(url, {}, 'HEAD');
    await stream.waitForHead();
    expect(stream.status).toBe(200);
    expect(stream.header('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(connects).toBe(0);
  });

  it('answers OPTIONS with 204 and the allowed methods', async () => {
    const { url } = await start();
    const stream = h.raw(url, {}, 'OPTIONS');
    await stream.waitForHead();
    expect(stream.status).toBe(204);
    expect(stream.header('allow')).toBe(ALLOW);
  });

  for (const method of ['PUT', 'DELETE', 'PATCH']) {
    it(`answers ${method} with 405 and the allowed methods`, async () => {
      const { channel, url } = await start();
      const stream = h.raw(url, { 'Content-Length': '0' }, method);
      await stream.waitForHead();
      expect(stream.status).toBe(405);
      expect(stream.header('allow')).toBe(ALLOW);
      expect(channel.getConnectionCount()).toBe(0);
    });
  }

  it("gets the HTTP parser's 400 for a method it does not know", async () => {
    const { url } = await start();
    expect(await h.exchange(url, { method: 'BREW' }).until('\r\n\r\n')).toMatch(/^HTTP\/1\.1 400 /);
  });
}

/** `close({ event })` drains: every client gets the final event, then its stream ends. */
export function shutdownScenarios<C extends ScenarioChannel>(h: Harness<C>): void {
  it('sends the final event to every client and ends every stream on close, resolving after', async () => {
    const { channel, url } = await h.start({ pingInterval: 0 });
    const streams = [h.raw(url), h.raw(url), h.raw(url)];
    await waitFor(() => channel.getConnectionCount() === 3);
    await channel.close({ event: { event: 'shutdown', data: 'restarting' } });
    expect(channel.getConnectionCount()).toBe(0);
    for (const stream of streams) {
      await stream.waitForFinish();
      expect(stream.body).toBe(':ok\n\nevent: shutdown\ndata: restarting\n\n');
    }
  });
}

/**
 * 2,000 clients connect and leave in every way (clean close, reset, mid-replay, under congestion):
 * afterwards no connection, client object, sink, request, response or timer is left. Every object is
 * watched, so one left behind fails it however many cycles run.
 */
export function churnScenarios<C extends ScenarioChannel>(h: Harness<C>): void {
  it('leaves no connection, client object or timer after 2,000 connects and disconnects', async () => {
    const { channel, served, url } = await h.start({ pingInterval: 20 });
    let slowClients = 0;
    channel.on('slow-client', () => slowClients++);
    const watch = await churn(url, channel, { cycles: { clean: 800, abrupt: 800, 'mid-replay': 300, congested: 100 } });
    await served.stop();
    expect(channel.getConnectionCount()).toBe(0);
    expect(slowClients).toBeGreaterThan(0);
    // Each cycle's answer, client, sink, response and request, and the timers made meanwhile.
    expect(watch.watched).toBeGreaterThan(2_000 * 5);
    expect(await watch.alive()).toBe(0);
  }, 120_000);
}
