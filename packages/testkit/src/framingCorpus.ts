import type { ScenarioEvent } from './scenarios/transport.js';

/** A small seeded PRNG (mulberry32): the same seed gives the same sequence, so a fuzz failure can be replayed. */
export class Random {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)] as T;
  }
}

/** The seed from `SSE_FUZZ_SEED`, or a fresh one: every run explores new input, and prints the seed when it fails. */
export function fuzzSeed(): number {
  const fromEnv = process.env['SSE_FUZZ_SEED'];
  return fromEnv ? Number(fromEnv) >>> 0 : Math.floor(Math.random() * 2 ** 32);
}

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

/**
 * A message for a channel's `send` that stresses framing: the seeded corpus the server's framing
 * fuzz and the client's parser fuzz share. `json` is the channel's `jsonEncode`.
 */
export function randomMessage(random: Random, json: boolean): string | ScenarioEvent {
  if (!json && random.chance(0.1)) return text(random, true, 12);
  const event: ScenarioEvent = {};
  if (random.chance(0.5)) event.event = text(random, false, 4);
  if (random.chance(0.5)) event.id = random.chance(0.3) ? random.pick([0, 7, -1, 2.5, NaN, 1e21]) : text(random, false, 4);
  if (random.chance(0.2)) event.retry = random.pick([0, -0, 1500, 2.9, -5, NaN, Infinity, random.int(0, 1e9)]);
  if (random.chance(0.9)) event.data = json ? value(random) : random.chance(0.8) ? text(random, true, 12) : value(random);
  return event;
}

/** An event whose `id` or `event` could inject fields: a channel must refuse it. */
export function randomHostileEvent(random: Random): ScenarioEvent {
  const evil = text(random, false, 3) + random.pick(FORBIDDEN) + text(random, false, 3);
  return random.chance(0.5) ? { id: evil, data: 'x' } : { event: evil, id: 1, data: 'x' };
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** UTF-8 cannot carry a lone surrogate: the encoder writes U+FFFD in its place. */
function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\ufffd');
}

/** An event as a parser reports it: the fields of the event itself, and the `retry:` that came with it. */
export interface ParsedEvent {
  event: string | undefined;
  id: string | undefined;
  data: string;
  retry: number | undefined;
}

/** What a spec-following client must see of a sent message: UTF-8 turns lone surrogates into U+FFFD; CR, LF and CRLF all end a line. */
export function expectedEvent(message: string | ScenarioEvent, json: boolean): ParsedEvent {
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
