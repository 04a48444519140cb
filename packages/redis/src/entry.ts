import { toWireEvent, type BackplaneEvent } from '@sse-channel/core';
import { eventIdOf, isCountedId } from './streamId.js';

/** The field of a stream entry that holds the event, as JSON of `{ event?, retry?, data, topic? }`. */
export const ENTRY_FIELD = 'sse';
/** The field of a stream entry that holds when Redis stored it (ms since epoch, Redis's clock). */
const TIME_FIELD = 'at';

/** An event read back from Redis, and where it is in the stream. */
export interface DecodedEntry {
  event: BackplaneEvent;
  /** Its stream id, or '' for an event that is not kept. */
  position: string;
  /** When it was stored (ms since epoch), for entries read from the stream. */
  storedAt?: number;
}

/** The JSON stored for an event (its id is the stream's, so it is not part of it). */
export function encodeEntry(event: BackplaneEvent): string {
  return JSON.stringify({ event: event.event, retry: event.retry, data: event.data, topic: event.topic });
}

/**
 * Checks what Redis handed back: `position` is the stream id of a kept event, or '' for one that
 * is not kept. Its fields are checked as `send` checks a message (no CR, LF or NUL in `event`).
 *
 * @throws TypeError naming what is wrong, for anything this package did not write.
 */
export function decodeEntry(position: string, json: string | undefined): DecodedEntry {
  if (position !== '' && !isCountedId(position)) throw new TypeError(`invalid stream id ${JSON.stringify(position)}`);
  const name = position || '(not kept)';
  if (json === undefined) throw new TypeError(`entry ${name} has no "${ENTRY_FIELD}" field`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new TypeError(`entry ${name} is not JSON`);
  }
  const { event, retry, data, topic } = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
  if (typeof data !== 'string') throw new TypeError(`entry ${name} has no string data`);
  if (event !== undefined && typeof event !== 'string') throw new TypeError(`entry ${name} has a non-string event`);
  if (retry !== undefined && retry !== null && typeof retry !== 'number') throw new TypeError(`entry ${name} has a non-numeric retry`);
  if (topic !== undefined && typeof topic !== 'string') throw new TypeError(`entry ${name} has a non-string topic`);
  const decoded: BackplaneEvent = { data };
  if (event !== undefined) decoded.event = event;
  if (typeof retry === 'number') decoded.retry = retry;
  if (position !== '') decoded.id = eventIdOf(position);
  return { event: toWireEvent(decoded, false, topic), position };
}

/** Decodes a stream entry from its id and its field list (`[name, value, ...]`). @throws TypeError as `decodeEntry`. */
export function decodeStreamEntry(position: string, fields: string[]): DecodedEntry {
  const decoded = decodeEntry(position, fieldOf(fields, ENTRY_FIELD));
  const at = Number(fieldOf(fields, TIME_FIELD));
  if (!Number.isFinite(at)) throw new TypeError(`entry ${position} has no "${TIME_FIELD}" time`);
  decoded.storedAt = at;
  return decoded;
}

function fieldOf(fields: string[], name: string): string | undefined {
  for (let i = 0; i < fields.length - 1; i += 2) if (fields[i] === name) return fields[i + 1];
  return undefined;
}
