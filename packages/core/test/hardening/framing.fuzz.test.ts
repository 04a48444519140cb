import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { describe, expect, it } from 'vitest';
import { SseChannel, encodeEvent, type SseEvent, type SseMessage } from '../../src/index.js';
import { MemorySink } from '../MemorySink.js';
import { connect, request, settle } from '../connect.js';
import { Random, fuzzSeed } from './random.js';

const EVENTS = 100_000;
const BREAKS = ['\n', '\r', '\r\n', '\r\r\n', '\n\r', '\n\n'];
const FORBIDDEN = ['\r', '\n', '\0', '\r\n'];

/** One piece of text from a class that stresses framing: line breaks, spaces, colons, every Unicode plane, lone surrogates. */
function piece(random: Random, lineBreaks: boolean): string {
  switch (random.int(0, 11)) {
    case 0:
      return lineBreaks ? random.pick(BREAKS) : ' ';
    case 1:
      return ' '.repeat(random.int(1, 3));
    case 2:
      return random.pick([':', ': ', 'data:', 'id: 1', 'event: x', 'retry: 5', ':comment']);
    case 3:
      return String.fromCodePoint(random.int(0x10000, 0x10ffff));
    case 4:
      return String.fromCharCode(random.int(0xd800, 0xdfff));
    case 5:
      return String.fromCodePoint(random.int(0xa0, 0xd7ff));
    case 6:
      return random.pick(['\ufeff', '\u2028', '\u2029', '\u0085', '\t', '\u0001', '\u007f', '\ufffd']);
    case 7:
      return lineBreaks ? '\0' : 'é';
    case 8:
      return random.pick(['', 'x'.repeat(random.int(1, 64))]);
    default:
      return String.fromCharCode(random.int(0x20, 0x7e)).repeat(random.int(1, 8));
  }
}

function text(random: Random, lineBreaks: boolean, maxPieces: number): string {
  if (random.chance(0.002)) return 'y'.repeat(random.int(10_000, 200_000)) + piece(random, lineBreaks);
  let out = '';
  for (let count = random.int(0, maxPieces); count > 0; count--) out += piece(random, lineBreaks);
  return out;
}

function value(random: Random, depth = 0): unknown {
  switch (random.int(0, depth > 2 ? 3 : 5)) {
    case 0:
      return text(random, true, 6);
    case 1:
      return random.pick([0, -0, 1, -1, 3.14, 1e21, -1e-7, Number.MAX_SAFE_INTEGER, NaN, Infinity]);
    case 2:
      return random.pick([true, false, null]);
    case 3:
      return random.int(-1e9, 1e9);
    case 4:
      return Array.from({ length: random.int(0, 4) }, () => value(random, depth + 1));
    default: {
      const object: Record<string, unknown> = {};
      for (let count = random.int(0, 4); count > 0; count--) object[text(random, true, 3)] = value(random, depth + 1);
      return object;
    }
  }
}

function message(random: Random, json: boolean): SseMessage {
  if (!json && random.chance(0.1)) return text(random, true, 12);
  const event: SseEvent = {};
  if (random.chance(0.5)) event.event = text(random, false, 4);
  if (random.chance(0.5)) event.id = random.chance(0.3) ? random.pick([0, 7, -1, 2.5, NaN, 1e21]) : text(random, false, 4);
  if (random.chance(0.2)) event.retry = random.pick([0, -0, 1500, 2.9, -5, NaN, Infinity, random.int(0, 1e9)]);
  if (random.chance(0.9)) event.data = json ? value(random) : random.chance(0.8) ? text(random, true, 12) : value(random);
  return event;
}

/** An event whose `id` or `event` could inject fields. */
function hostile(random: Random): SseEvent {
  const evil = text(random, false, 3) + random.pick(FORBIDDEN) + text(random, false, 3);
  return random.chance(0.5) ? { id: evil, data: 'x' } : { event: evil, id: 1, data: 'x' };
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** UTF-8 cannot carry a lone surrogate: the encoder writes U+FFFD in its place. */
function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\ufffd');
}

interface Parsed {
  event: string | undefined;
  id: string | undefined;
  data: string;
  retry: number | undefined;
}

/** What a spec-following client must see: UTF-8 turns lone surrogates into U+FFFD; CR, LF and CRLF all end a line. */
function expected(message: SseMessage, json: boolean): Parsed {
  const event = typeof message === 'string' ? { data: message } : message;
  const data = json ? JSON.stringify(event.data === undefined ? '' : event.data) : event.data === undefined ? '' : String(event.data);
  const retry = event.retry;
  return {
    event: event.event ? wellFormed(event.event) : undefined,
    id: event.id === undefined ? undefined : wellFormed(String(event.id)),
    data: wellFormed(data).split(/\r\n|\r|\n/).join('\n'),
    retry: typeof retry === 'number' && Number.isFinite(retry) && retry >= 0 ? Math.trunc(retry) : undefined,
  };
}

/** Decodes the stream in random chunks (cutting through UTF-8 sequences) with an independent SSE parser. */
function parse(bytes: Buffer, random: Random): Parsed[] {
  const parsed: Parsed[] = [];
  let retry: number | undefined;
  const parser = createParser({
    onEvent: (event: EventSourceMessage) => {
      parsed.push({ event: event.event, id: event.id, data: event.data, retry });
      retry = undefined;
    },
    onRetry: (ms) => (retry = ms),
  });
  const decoder = new TextDecoder();
  for (let at = 0; at < bytes.length; ) {
    const end = Math.min(bytes.length, at + random.int(1, 65536));
    parser.feed(decoder.decode(bytes.subarray(at, end), { stream: true }));
    at = end;
  }
  parser.feed(decoder.decode());
  return parsed;
}

async function fuzz(seed: number): Promise<void> {
  const random = new Random(seed);
  const channels = [false, true].map((json) => {
    const channel = new SseChannel<MemorySink>({ jsonEncode: json, historySize: 0, pingInterval: 0 });
    const { sink } = connect(channel);
    return { json, channel, sink, wanted: [] as Parsed[] };
  });
  for (let sent = 0; sent < EVENTS; ) {
    for (let batch = 0; batch < 500 && sent < EVENTS; batch++, sent++) {
      const target = random.pick(channels);
      if (random.chance(0.02)) {
        const writes = target.sink.chunks.length;
        expect(() => target.channel.send(hostile(random))).toThrow(TypeError);
        expect(target.sink.chunks.length).toBe(writes);
        continue;
      }
      const sending = message(random, target.json);
      target.channel.send(sending);
      target.wanted.push(expected(sending, target.json));
    }
    await Promise.resolve();
  }
  for (const { sink, wanted } of channels) {
    // The sink keeps each write decoded; encoding it again gives back exactly the bytes written.
    const events = parse(Buffer.from(sink.text), random);
    expect(events.length).toBe(wanted.length);
    for (let i = 0; i < wanted.length; i++) {
      if (JSON.stringify(events[i]) !== JSON.stringify(wanted[i])) expect(events[i], `event #${i}`).toEqual(wanted[i]);
    }
  }
}

describe('framing under fuzzing', () => {
  it('parses 100,000 generated events back to exactly what was sent, and refuses every hostile id or event', async () => {
    const seed = fuzzSeed();
    try {
      await fuzz(seed);
    } catch (error) {
      throw new Error(`framing fuzz failed; replay with SSE_FUZZ_SEED=${seed}\n${(error as Error).message}`, { cause: error });
    }
  }, 60_000);

  it('turns lone surrogates into U+FFFD on the wire', () => {
    const bytes = encodeEvent({ id: 'a\ud800', event: '\udc00b', data: 'x\ud83d' });
    expect(Buffer.from(bytes).toString('utf8')).toBe('event: \ufffdb\nid: a\ufffd\ndata: x\ufffd\n\n');
  });

  it('writes nothing and keeps history as it was when an id or event would inject a field', async () => {
    const channel = new SseChannel<MemorySink>({ pingInterval: 0, history: [{ id: 1, data: 'one' }] });
    const { sink } = connect(channel);
    await settle();
    const before = sink.chunks.length;
    for (const evil of ['2\nevent: x', '2\r', '2\0', '2\r\ndata: injected']) {
      expect(() => channel.send({ id: evil, data: 'x' })).toThrow(TypeError);
      expect(() => channel.send({ event: evil, id: 2, data: 'x' })).toThrow(TypeError);
    }
    await settle();
    expect(sink.chunks.length).toBe(before);
    const late = connect(channel, request('/events?lastEventId=0')).sink;
    await settle();
    expect(late.text).toBe(':ok\n\nid: 1\ndata: one\n\n');
  });
});
