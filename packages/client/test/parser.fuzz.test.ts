import { createParser } from 'eventsource-parser';
import { describe, expect, it } from 'vitest';
import { encodeEvent } from '@sse-channel/core';
import { Random, expectedEvent, fuzzSeed, randomMessage, type ParsedEvent } from '@sse-channel/testkit';
import { bytes, parse, type Reported } from './parse.js';

const EVENTS = 10_000;
const COMMENTS = [':ok\n\n', ':\n', ': keep-alive\n'];
const LINE_ENDINGS = ['\n', '\r\n', '\r'];

/** The frame with its every line ending as `ending`: the server writes LF, the standard reads CRLF and CR too. */
function withEndings(frame: Uint8Array, ending: string): Uint8Array {
  return ending === '\n' ? frame : bytes(new TextDecoder().decode(frame).replaceAll('\n', ending));
}

/** What a client does with an event: its name ('message' without one), data, the last id so far and the retry that came before it. */
interface Seen {
  type: string;
  data: string;
  lastEventId: string;
  retry: number | undefined;
}

function same(a: Seen | undefined, b: Seen | undefined): boolean {
  return a?.type === b?.type && a?.data === b?.data && a?.lastEventId === b?.lastEventId && a?.retry === b?.retry;
}

/** Follows a list of parsed events as a client would: ids carry over to the events after them. */
function asSeen(events: ParsedEvent[]): Seen[] {
  let lastEventId = '';
  return events.map(({ event, id, data, retry }) => {
    if (id !== undefined) lastEventId = id;
    return { type: event || 'message', data, lastEventId, retry };
  });
}

/** What our parser reported, with each retry attached to the event after it. */
function ours(reported: Reported[]): Seen[] {
  const seen: Seen[] = [];
  let retry: number | undefined;
  for (const item of reported) {
    if ('retry' in item) retry = item.retry;
    else {
      seen.push({ ...item, retry });
      retry = undefined;
    }
  }
  return seen;
}

/** What eventsource-parser reads from the same chunks, decoded with a streaming TextDecoder. */
function reference(chunks: Uint8Array[]): Seen[] {
  const events: ParsedEvent[] = [];
  let retry: number | undefined;
  const parser = createParser({
    onEvent: ({ event, id, data }) => {
      events.push({ event, id, data, retry });
      retry = undefined;
    },
    onRetry: (milliseconds) => (retry = milliseconds),
  });
  const decoder = new TextDecoder();
  for (const chunk of chunks) parser.feed(decoder.decode(chunk, { stream: true }));
  // eventsource-parser holds a CR that ends its input until the next character tells whether it is
  // a CRLF; ours ends the line at once. A last comment lets it finish a stream that ends in CR.
  parser.feed(':\n');
  return asSeen(events);
}

/** Cuts `stream` into chunks of random sizes, from single bytes (through UTF-8 sequences and CRLFs) to 64 KiB. */
function cut(stream: Uint8Array, random: Random): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let at = 0; at < stream.length; ) {
    const end = Math.min(stream.length, at + (random.chance(0.1) ? random.int(1, 8) : random.int(1, 65536)));
    chunks.push(stream.subarray(at, end));
    at = end;
  }
  return chunks;
}

function fuzz(seed: number): void {
  const random = new Random(seed);
  for (const json of [false, true]) {
    const sent: ParsedEvent[] = [];
    const frames: Uint8Array[] = [bytes(random.chance(0.5) ? '\ufeff' : '')];
    for (let count = 0; count < EVENTS / 2; count++) {
      // One ending per frame: a frame ending in CR followed by one starting with LF would read as one CRLF.
      if (random.chance(0.1)) frames.push(withEndings(bytes(random.pick(COMMENTS)), random.pick(LINE_ENDINGS)));
      const message = randomMessage(random, json);
      frames.push(withEndings(encodeEvent(message, { jsonEncode: json }), random.pick(LINE_ENDINGS)));
      sent.push(expectedEvent(message, json));
    }
    const stream = new Uint8Array(Buffer.concat(frames));
    const chunks = cut(stream, random);
    const parsed = ours(parse(chunks).reported);
    const wanted = asSeen(sent);
    const independent = reference(chunks);
    expect(parsed.length).toBe(wanted.length);
    expect(independent.length).toBe(wanted.length);
    for (let i = 0; i < wanted.length; i++) {
      // Compared one by one: a mismatch shows that event, not a diff of thousands.
      if (!same(parsed[i], wanted[i])) expect(parsed[i], `event #${i} (json ${json})`).toEqual(wanted[i]);
      if (!same(parsed[i], independent[i])) expect(parsed[i], `eventsource-parser, event #${i}`).toEqual(independent[i]);
    }
  }
}

describe('parsing under fuzzing', () => {
  it('reads 10,000 events of the framing corpus, cut anywhere, as they were sent and as eventsource-parser reads them', () => {
    const seed = fuzzSeed();
    try {
      fuzz(seed);
    } catch (error) {
      throw new Error(`parser fuzz failed; replay with SSE_FUZZ_SEED=${seed}\n${(error as Error).message}`, { cause: error });
    }
  }, 60_000);
});
