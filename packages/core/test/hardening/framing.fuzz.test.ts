import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { describe, expect, it } from 'vitest';
import { Random, expectedEvent, fuzzSeed, randomHostileEvent, randomMessage, type ParsedEvent } from '@sse-channel/testkit';
import { SseChannel, encodeEvent } from '../../src/index.js';
import { MemorySink } from '../MemorySink.js';
import { connect, request, settle } from '../connect.js';

const EVENTS = 100_000;
/** Decodes the stream in random chunks (cutting through UTF-8 sequences) with an independent SSE parser. */
function parse(bytes: Buffer, random: Random): ParsedEvent[] {
  const parsed: ParsedEvent[] = [];
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
    return { json, channel, sink, wanted: [] as ParsedEvent[] };
  });
  for (let sent = 0; sent < EVENTS; ) {
    for (let batch = 0; batch < 500 && sent < EVENTS; batch++, sent++) {
      const target = random.pick(channels);
      if (random.chance(0.02)) {
        const writes = target.sink.chunks.length;
        expect(() => target.channel.send(randomHostileEvent(random))).toThrow(TypeError);
        expect(target.sink.chunks.length).toBe(writes);
        continue;
      }
      const sending = randomMessage(random, target.json);
      target.channel.send(sending);
      target.wanted.push(expectedEvent(sending, target.json));
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
