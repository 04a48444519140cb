import { createParser } from 'eventsource-parser';
import { expect, it } from 'vitest';
import { Random, fuzzSeed } from '@sse-channel/testkit';
import { SseChannel, isTopicName } from '../../src/index.js';
import type { MemorySink } from '../MemorySink.js';
import { connect, request, settle } from '../connect.js';

const NAMES = 20_000;
const PIECES = ['a', 'Z', '9', '/', '*', '#', ' ', ':', '\r', '\n', '\0', '\r\n', 'é', '\u{1F600}', '-', '.'];

/** A name of 0 to 210 pieces, mostly harmless, sometimes hostile. */
function randomName(random: Random): string {
  if (random.chance(0.05)) return 'x'.repeat(random.int(195, 205));
  let name = '';
  for (let length = random.int(0, 12); length > 0; length--) name += random.pick(PIECES);
  return name;
}

it('sends to every valid topic name under its name, and refuses every other with nothing written (fuzzed)', async () => {
  const seed = fuzzSeed();
  const random = new Random(seed);
  const channel = new SseChannel<MemorySink>({ pingInterval: 0, historySize: 0, topics: true });
  const { sink } = connect(channel, request('/events?topic=*'));
  const wanted: Array<{ event: string; data: string }> = [];
  for (let i = 0; i < NAMES; i++) {
    const topic = randomName(random);
    const event = random.chance(0.5) ? undefined : randomName(random);
    const message = { event, data: `#${i}` };
    const sendable = isTopicName(topic) && !topic.endsWith('*') && (event === undefined || !/[\r\n\0]/.test(event));
    if (!sendable) {
      expect(() => channel.topic(topic).send(message), `seed ${seed}: ${JSON.stringify([topic, event])}`).toThrow(TypeError);
      continue;
    }
    channel.topic(topic).send(message);
    wanted.push({ event: event === undefined || event === '' || event === 'message' ? topic : `${topic}#${event}`, data: `#${i}` });
  }
  await settle();
  const parsed: Array<{ event: string; data: string }> = [];
  const parser = createParser({ onEvent: ({ event, data }) => parsed.push({ event: event ?? 'message', data }) });
  parser.feed(sink.text);
  expect(parsed.length, `seed ${seed}`).toBe(wanted.length);
  expect(parsed, `seed ${seed}`).toEqual(wanted);
});
