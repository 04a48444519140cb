import { utf8 } from './bytes.js';
import type { SseMessage } from './message.js';

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
  return utf8(frameEvent(message, options.jsonEncode === true));
}

/** The text of an event frame; see `encodeEvent`. */
export function frameEvent(message: SseMessage, jsonEncode: boolean): string {
  const event = typeof message === 'string' ? { data: message } : message;
  let frame = '';
  // An empty name is the default one (`message`): left out, as the original `sse-channel` did.
  if (event.event !== undefined && event.event !== null && event.event !== '') {
    frame += `event: ${checkField('event', event.event, false)}\n`;
  }
  const retry = event.retry;
  if (typeof retry === 'number' && Number.isFinite(retry) && retry >= 0) {
    frame += `retry: ${Math.trunc(retry)}\n`;
  }
  if (event.id !== undefined && event.id !== null) {
    frame += `id: ${checkField('id', event.id, true)}\n`;
  }
  const data = dataText(event.data, jsonEncode);
  for (const line of data.split(LINE_BREAK)) frame += `data: ${line}\n`;
  return frame + '\n';
}

/** Validates an `id` or `event` value and returns its wire text. */
export function checkField(name: 'id' | 'event', value: unknown, numberAllowed: boolean): string {
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
export function dataText(data: unknown, jsonEncode: boolean): string {
  if (jsonEncode) return JSON.stringify(data === undefined ? '' : data) ?? '';
  if (data === undefined) return '';
  return typeof data === 'string' ? data : String(data);
}
