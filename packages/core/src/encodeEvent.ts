import { utf8 } from './bytes.js';
import type { SseMessage, WireEvent } from './message.js';
import { checkTopic } from './topicName.js';

const FORBIDDEN = /[\r\n\0]/;
const LINE_BREAK = /\r\n|\r|\n/;

/** Options that change how `encodeEvent` turns `data` into text. */
export interface EncodeOptions {
  /** `JSON.stringify` the data (a missing `data` becomes `""`). Default false: `String(data)`. */
  jsonEncode?: boolean;
}

/**
 * Frames one message as SSE bytes, ready to be written to any number of clients.
 * Field order: `event`, `retry`, `id`, then one `data:` line per line of data, then a blank line.
 *
 * @throws TypeError when `event` or `id` holds CR, LF or NUL (they would inject fields), or has a wrong type.
 * @example
 * encodeEvent({ event: 'price', id: 7, data: 'a\nb' }) // bytes of "event: price\nid: 7\ndata: a\ndata: b\n\n"
 */
export function encodeEvent(message: SseMessage, options: EncodeOptions = {}): Uint8Array {
  return frameWireEvent(toWireEvent(message, options.jsonEncode === true));
}

/**
 * Checks a message and turns it into its wire form: `id` and `event` as text free of CR, LF and NUL,
 * `retry` kept only as a finite number >= 0 (truncated), `data` as text, and the `topic` it is sent
 * to, if any. This is the one place where a message is checked, whether it is then framed here or
 * handed to a backplane.
 *
 * @throws TypeError when `event` or `id` holds CR, LF or NUL, or has a wrong type; when `topic` is not a topic name.
 */
export function toWireEvent(message: SseMessage | WireEvent, jsonEncode: boolean, topic?: string): WireEvent {
  const source = typeof message === 'string' ? { data: message } : message;
  const wire: WireEvent = { data: dataText(source.data, jsonEncode) };
  if (topic !== undefined) wire.topic = checkTopic(topic);
  if (source.event !== undefined && source.event !== null) {
    const name = checkField('event', source.event, false);
    // An empty name is the default one (`message`): left out, as the original `sse-channel` did.
    // In a topic, `message` is the default too: such an event is dispatched as the topic's name.
    if (name !== '' && !(topic !== undefined && name === 'message')) wire.event = name;
  }
  const retry = source.retry;
  if (typeof retry === 'number' && Number.isFinite(retry) && retry >= 0) wire.retry = Math.trunc(retry);
  if (source.id !== undefined && source.id !== null) wire.id = checkField('id', source.id, true);
  return wire;
}

/**
 * The SSE bytes of an event in wire form (see `toWireEvent`, which checked it). A topic event is
 * named `<topic>`, or `<topic>#<event>` when it has a name of its own: a topic never holds `#`.
 */
export function frameWireEvent(event: WireEvent): Uint8Array {
  let frame = '';
  const name = event.topic === undefined ? event.event : event.event === undefined ? event.topic : `${event.topic}#${event.event}`;
  if (name !== undefined) frame += `event: ${name}\n`;
  if (event.retry !== undefined) frame += `retry: ${event.retry}\n`;
  if (event.id !== undefined) frame += `id: ${event.id}\n`;
  for (const line of event.data.split(LINE_BREAK)) frame += `data: ${line}\n`;
  return utf8(frame + '\n');
}

/** Validates an `id` or `event` value and returns its wire text. */
function checkField(name: 'id' | 'event', value: unknown, numberAllowed: boolean): string {
  if (typeof value !== 'string' && !(numberAllowed && typeof value === 'number')) {
    const expected = numberAllowed ? 'a string or a number' : 'a string';
    throw new TypeError(`${name} must be ${expected} (got ${typeof value})`);
  }
  const text = String(value);
  if (FORBIDDEN.test(text)) {
    throw new TypeError(`${name} must not contain CR, LF or NUL (got ${JSON.stringify(text)})`);
  }
  return text;
}

/** The text of an event's data: `JSON.stringify` when `jsonEncode`, otherwise `String()` (missing = empty). */
function dataText(data: unknown, jsonEncode: boolean): string {
  if (jsonEncode) return JSON.stringify(data === undefined ? '' : data) ?? '';
  if (data === undefined) return '';
  return typeof data === 'string' ? data : String(data);
}
