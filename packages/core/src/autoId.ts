import type { SseMessage } from './message.js';

const INTEGER = /^\d+$/;

/**
 * The channel's source of automatic event ids: increasing integers as strings. It continues after
 * the greatest integer id it has seen (pre-loaded history, ids given explicitly), so ids never go
 * backwards across a restart that pre-loads history. A backplane that orders events elsewhere
 * replaces this one object.
 */
export class AutoId {
  private last = 0;

  /** The next id. */
  next(): string {
    return String(++this.last);
  }

  /** Takes note of an id assigned elsewhere, so later ids are greater. */
  observe(id: string | number): void {
    const text = String(id);
    if (INTEGER.test(text)) this.last = Math.max(this.last, Number(text));
  }
}

/** The message as broadcast with automatic ids: given the next id when it has none (a plain string becomes `{ data, id }`). */
export function withAutoId(ids: AutoId, message: SseMessage): SseMessage {
  if (typeof message === 'string') return { data: message, id: ids.next() };
  if (message.id === undefined || message.id === null) return { ...message, id: ids.next() };
  ids.observe(message.id);
  return message;
}
