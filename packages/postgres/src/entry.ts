import { toWireEvent, type BackplaneEvent } from '@sse-channel/core';

/**
 * How events travel and rest. An entry is the JSON of `{ event?, retry?, data, topic? }` (the id is the
 * table's, so it is not part of it): a text column holds it, NUL in data included. A batch is one
 * line per event, `+` and the entry for a kept event, `-` and the entry for one that is not kept,
 * joined by LF (which JSON never contains); its kept events take the ids after its notification's
 * `before`, in order.
 */
export function encodeEntry(event: BackplaneEvent): string {
  return JSON.stringify({ event: event.event, retry: event.retry, data: event.data, topic: event.topic });
}

/** The line of an event in a batch. */
export function batchLine(entry: string, keep: boolean): string {
  return (keep ? '+' : '-') + entry;
}

/** A notification: the id given last before its batch, and the batch's lines, or the row that holds them. */
export type Notice = { before: bigint; lines: string } | { before: bigint; row: string };

const BEFORE = /^\d{1,19}$/;

/** @throws TypeError for a payload this package did not write. */
export function parseNotice(payload: string): Notice {
  const newline = payload.indexOf('\n');
  if (newline !== -1) return { before: parseBefore(payload.slice(0, newline)), lines: payload.slice(newline + 1) };
  const [before = '', row = ''] = payload.split(' ');
  if (!BEFORE.test(row)) throw new TypeError(`notification ${JSON.stringify(payload.slice(0, 80))} is neither a batch nor a batch row`);
  return { before: parseBefore(before), row };
}

function parseBefore(text: string): bigint {
  if (!BEFORE.test(text)) throw new TypeError(`notification starts with ${JSON.stringify(text.slice(0, 40))}, not an id`);
  return BigInt(text);
}

/**
 * An entry read back, with the id of a kept event; its fields are checked as `send` checks a
 * message (no CR, LF or NUL in `event`).
 *
 * @throws TypeError naming what is wrong, for anything this package did not write.
 */
export function decodeEntry(json: string, id: string | undefined): BackplaneEvent {
  const name = id ?? '(not kept)';
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new TypeError(`event ${name} is not JSON`);
  }
  const { event, retry, data, topic } = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
  if (typeof data !== 'string') throw new TypeError(`event ${name} has no string data`);
  if (event !== undefined && typeof event !== 'string') throw new TypeError(`event ${name} has a non-string event name`);
  if (retry !== undefined && typeof retry !== 'number') throw new TypeError(`event ${name} has a non-numeric retry`);
  if (topic !== undefined && typeof topic !== 'string') throw new TypeError(`event ${name} has a non-string topic`);
  return toWireEvent({ data, ...(event !== undefined && { event }), ...(retry !== undefined && { retry }), ...(id !== undefined && { id }) }, false, topic);
}
