import { encodeEvent, type BackplaneEvent } from '@sse-channel/core';
import { parseStreamId } from './streamId.js';

/** The field of a stream entry that holds the event, as JSON of `{ event?, retry?, data }`. */
export const ENTRY_FIELD = 'sse';

/** An event read back from Redis: its SSE bytes and the event itself. */
export interface DecodedEntry {
  frame: Uint8Array;
  event: BackplaneEvent;
}

/** The JSON stored for an event (its id is the stream's, so it is not part of it). */
export function encodeEntry(event: BackplaneEvent): string {
  return JSON.stringify({ event: event.event, retry: event.retry, data: event.data });
}

/**
 * Checks and frames what Redis handed back. `id` is the stream id of a kept event, or '' for one
 * that is not kept.
 *
 * @throws TypeError naming what is wrong, for anything this package did not write.
 */
export function decodeEntry(id: string, json: string | undefined): DecodedEntry {
  if (id !== '' && !parseStreamId(id)) throw new TypeError(`invalid stream id ${JSON.stringify(id)}`);
  if (json === undefined) throw new TypeError(`entry ${id} has no "${ENTRY_FIELD}" field`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new TypeError(`entry ${id || '(not kept)'} is not JSON`);
  }
  const { event, retry, data } = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
  if (typeof data !== 'string') throw new TypeError(`entry ${id || '(not kept)'} has no string data`);
  if (event !== undefined && typeof event !== 'string') throw new TypeError(`entry ${id} has a non-string event`);
  if (retry !== undefined && retry !== null && typeof retry !== 'number') throw new TypeError(`entry ${id} has a non-numeric retry`);
  const decoded: BackplaneEvent = { data };
  if (event !== undefined) decoded.event = event;
  if (typeof retry === 'number') decoded.retry = retry;
  if (id !== '') decoded.id = id;
  return { frame: encodeEvent(decoded), event: decoded };
}
