/**
 * One server-sent event. Every field is optional; `data` is turned into text by the channel
 * (`JSON.stringify` when `jsonEncode` is on, `String()` otherwise).
 */
export interface SseEvent<Data = unknown> {
  /** Event id. Written as `id:`; events with a truthy id enter history. CR, LF and NUL are rejected. */
  id?: string | number;
  /** Event name (`event:`), dispatched by `EventSource.addEventListener(name)`. CR, LF and NUL are rejected. */
  event?: string;
  /** Reconnection delay hint in milliseconds (`retry:`). Written only when it is a finite number >= 0. */
  retry?: number;
  /** The payload. Line breaks (CRLF, CR, LF) split it into several `data:` lines. */
  data?: Data;
}

/** What `send` accepts: a plain string (data only, never kept in history) or an event object. */
export type SseMessage = string | SseEvent;

/**
 * An event in the form that goes on the wire and through a backplane: checked (no CR, LF or NUL in
 * `id` or `event`), `retry` a whole number of ms >= 0, `data` already text.
 */
export interface WireEvent {
  /** The `id:` field. */
  id?: string;
  /** The `event:` field: the event's name. */
  event?: string;
  /** The `retry:` field: the reconnection delay in ms. */
  retry?: number;
  /** The data, one `data:` line per line of it. */
  data: string;
}
