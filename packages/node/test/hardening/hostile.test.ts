import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RawStream, waitFor } from '@sse-channel/testkit';
import { SseChannel } from '../../src/index.js';
import { RawExchange, rawGet } from './rawExchange.js';
import { transports, type Served } from './transports.js';

const frame = (id: number) => `id: ${id}\ndata: event ${id}\n\n`;
const NO_REPLAY = ':ok\n\n';
const EVERYTHING = [1, 2, 3, 4, 5].map(frame).join('');
/** An id that is not kept and not a number: the client is told it missed events, then gets all that is kept. */
const resetAndReplay = (id: string) => `${NO_REPLAY}event: sse-channel:reset\ndata: ${id}\n\n${EVERYTHING}`;
const AFTER_3 = NO_REPLAY + frame(4) + frame(5);
const ALLOW = 'GET, POST, HEAD, OPTIONS';
const MARKER = 'data: marker\n\n';

describe.each(transports)('hostile requests on $name', ({ serve }) => {
  let channel: SseChannel;
  let served: Served;
  const open: Array<{ close(): void }> = [];
  const raw = (query = '', headers: Record<string, string> = {}, method = 'GET') => {
    const stream = new RawStream(`${served.url}${query}`, headers, method);
    open.push(stream);
    return stream;
  };
  const exchange = (bytes: Buffer) => {
    const stream = new RawExchange(served.url, bytes);
    open.push(stream);
    return stream;
  };
  /** The stream's exact bytes up to a marker event sent after it opened: nothing injected, nothing else replayed. */
  const body = async (stream: RawStream, expected: string) => {
    await stream.waitFor(expected);
    channel.send('marker');
    const text = await stream.waitFor(MARKER);
    return text.endsWith(MARKER) ? text.slice(0, -MARKER.length) : text;
  };

  beforeAll(async () => {
    channel = new SseChannel({ pingInterval: 0, history: [1, 2, 3, 4, 5].map((id) => ({ id, data: `event ${id}` })) });
    served = await serve(channel);
  });
  afterEach(async () => {
    for (const stream of open.splice(0)) stream.close();
    await waitFor(() => channel.getConnectionCount() === 0);
  });
  afterAll(async () => {
    await served.stop();
    await channel.close();
  });

  describe('Last-Event-ID', () => {
    it('ignores a header over 1 KiB', async () => {
      expect(await body(raw('', { 'Last-Event-ID': '0'.repeat(1025) }), NO_REPLAY)).toBe(NO_REPLAY);
    });

    it('ignores a query parameter over 1 KiB', async () => {
      expect(await body(raw(`?lastEventId=${'0'.repeat(1025)}`), NO_REPLAY)).toBe(NO_REPLAY);
    });

    it("gets node's 431 when the header is over node's 16 KiB header limit", async () => {
      const stream = raw('', { 'Last-Event-ID': '1'.repeat(20 * 1024) });
      await stream.waitForHead();
      expect(stream.status).toBe(431);
    });

    it('ignores a query value with CR and LF, never writing it as a field', async () => {
      const stream = raw('?evs_last_event_id=2%0D%0Aevent%3A%20injected&lastEventId=3%0Aid%3A%209');
      expect(await body(stream, NO_REPLAY)).toBe(NO_REPLAY);
    });

    it('ignores a query value with NUL', async () => {
      expect(await body(raw('?lastEventId=2%00'), NO_REPLAY)).toBe(NO_REPLAY);
    });

    it("gets node's 400 for a raw NUL, CR or lone LF inside the header", async () => {
      for (const value of ['2\0', '2\rid: 9', '2\nid: 9']) {
        const stream = exchange(rawGet(served.url, [Buffer.from(`Last-Event-ID: ${value}`, 'latin1')]));
        expect(await stream.until('\r\n\r\n')).toMatch(/^HTTP\/1\.1 400 /);
      }
      expect(channel.getConnectionCount()).toBe(0);
    });

    it('resets and replays everything kept for a header that is not UTF-8 (an unknown id)', async () => {
      const stream = exchange(rawGet(served.url, [Buffer.concat([Buffer.from('Last-Event-ID: '), Buffer.from([0xff, 0xfe, 0x80])])]));
      const text = Buffer.from(await stream.until('data: event 5\n\n'), 'latin1').toString('utf8');
      // Node reads header bytes as latin1; the reset event's data carries them back as UTF-8.
      expect(text).toContain(resetAndReplay('\u00ff\u00fe\u0080'));
    });

    it('resets and replays everything kept for a query value that is not UTF-8', async () => {
      const expected = resetAndReplay('\ufffd\ufffd');
      expect(await body(raw('?lastEventId=%FF%FE'), expected)).toBe(expected);
    });

    it('resets and replays everything kept for a repeated header (node joins the values into one unknown id)', async () => {
      const stream = exchange(rawGet(served.url, [Buffer.from('Last-Event-ID: 3'), Buffer.from('Last-Event-ID: 4')]));
      expect(await stream.until('data: event 5\n\n')).toContain(resetAndReplay('3, 4'));
    });

    it('uses the first of a repeated query parameter', async () => {
      expect(await body(raw('?lastEventId=3&lastEventId=1'), AFTER_3)).toBe(AFTER_3);
    });
  });

  describe('absurd query strings', () => {
    for (const query of ['?', '?&&&==&=', '?%', '?%%%', '?lastEventId', '?lastEventId=', '?=3', '?evs_preamble']) {
      it(`streams without replay for ${JSON.stringify(query)}`, async () => {
        expect(await body(raw(query), NO_REPLAY)).toBe(NO_REPLAY);
      });
    }

    it('treats an undecodable percent sequence as an unknown id', async () => {
      const expected = resetAndReplay('%zz');
      expect(await body(raw('?lastEventId=%zz'), expected)).toBe(expected);
    });

    it('reads the id after 2,000 other parameters', async () => {
      const query = `?${'a=1&'.repeat(2000)}lastEventId=3`;
      expect(await body(raw(query), AFTER_3)).toBe(AFTER_3);
    });
  });

  describe('methods, bodies and Accept', () => {
    it('streams a POST and leaves its body unread', async () => {
      const request = Buffer.from(`POST /events HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello`);
      const stream = exchange(request);
      await stream.until(':ok\n\n');
      await waitFor(() => channel.getConnectionCount() === 1);
      channel.send('after the body');
      expect(await stream.until('data: after the body\n\n')).toMatch(/^HTTP\/1\.1 200 /);
    });

    it('streams a GET that carries a body', async () => {
      const stream = exchange(Buffer.from(`GET /events HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc`));
      expect(await stream.until(':ok\n\n')).toMatch(/^HTTP\/1\.1 200 /);
    });

    it('answers HEAD with the stream head and no body, adding no client', async () => {
      let connects = 0;
      channel.once('connect', () => connects++);
      const stream = raw('', {}, 'HEAD');
      await stream.waitForHead();
      expect(stream.status).toBe(200);
      expect(stream.header('content-type')).toBe('text/event-stream; charset=utf-8');
      channel.removeAllListeners('connect');
      expect(connects).toBe(0);
    });

    it('answers OPTIONS with 204 and the allowed methods', async () => {
      const stream = raw('', {}, 'OPTIONS');
      await stream.waitForHead();
      expect(stream.status).toBe(204);
      expect(stream.header('allow')).toBe(ALLOW);
    });

    for (const method of ['PUT', 'DELETE', 'PATCH']) {
      it(`answers ${method} with 405 and the allowed methods`, async () => {
        const stream = raw('', { 'Content-Length': '0' }, method);
        await stream.waitForHead();
        expect(stream.status).toBe(405);
        expect(stream.header('allow')).toBe(ALLOW);
        expect(channel.getConnectionCount()).toBe(0);
      });
    }

    it("gets node's 400 for a method node does not know", async () => {
      const stream = exchange(Buffer.from('BREW /events HTTP/1.1\r\nHost: x\r\n\r\n'));
      expect(await stream.until('\r\n\r\n')).toMatch(/^HTTP\/1\.1 400 /);
    });

    it('streams to a client whose Accept does not name text/event-stream', async () => {
      expect(await body(raw('', { Accept: 'application/json' }), NO_REPLAY)).toBe(NO_REPLAY);
    });
  });

  it('keeps serving normal clients after all of the above', async () => {
    const stream = raw('', { 'Last-Event-ID': '4' });
    expect(await body(stream, NO_REPLAY + frame(5))).toBe(NO_REPLAY + frame(5));
    channel.send({ id: 6, data: 'event 6' });
    await stream.waitFor(frame(6));
    expect(stream.body).toBe(NO_REPLAY + frame(5) + MARKER + frame(6));
  });
});
