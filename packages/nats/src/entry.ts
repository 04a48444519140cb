import { toWireEvent, type BackplaneEvent } from '@sse-channel/core';

/** An event as one NATS message carries it. */
export interface Entry {
  event: BackplaneEvent;
  /**
   * For an event without an id: the stream sequence of the newest kept event its sender had stored
   * or delivered when it sent it, so that every process delivers it after that one.
   */
  after: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * The message body of an event: JSON of `{ event?, retry?, data, topic? }`, and `after` for an event that
 * is not kept. A kept event's id is its stream sequence, so it is not part of the body.
 */
export function encodeEntry(event: BackplaneEvent, after?: number): Uint8Array {
  return encoder.encode(JSON.stringify({ event: event.event, retry: event.retry, data: event.data, topic: event.topic, after }));
}

/**
 * Reads a message body this package wrote: `sequence` is the stream sequence of a kept event (its
 * id), undefined for one that is not kept. Its fields are checked as `send` checks a message.
 *
 * @throws TypeError naming what is wrong, for anything this package did not write.
 */
export function decodeEntry(body: Uint8Array, sequence?: number): Entry {
  const name = sequence === undefined ? 'a message without an id' : `stream message ${sequence}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(decoder.decode(body));
  } catch {
    throw new TypeError(`${name} is not JSON`);
  }
  const { event, retry, data, topic, after = 0 } = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
  if (typeof data !== 'string') throw new TypeError(`${name} has no string data`);
  if (event !== undefined && typeof event !== 'string') throw new TypeError(`${name} has a non-string event`);
  if (retry !== undefined && typeof retry !== 'number') throw new TypeError(`${name} has a non-numeric retry`);
  if (topic !== undefined && typeof topic !== 'string') throw new TypeError(`${name} has a non-string topic`);
  if (!Number.isSafeInteger(after) || (after as number) < 0) throw new TypeError(`${name} has an invalid "after" sequence`);
  const decoded: BackplaneEvent = { data };
  if (event !== undefined) decoded.event = event;
  if (retry !== undefined) decoded.retry = retry;
  if (sequence !== undefined) decoded.id = String(sequence);
  return { event: toWireEvent(decoded, false, topic), after: after as number };
}
