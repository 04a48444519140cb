/** Longest Last-Event-ID accepted, in characters; longer values are ignored. */
export const MAX_LAST_EVENT_ID_LENGTH = 1024;

const FORBIDDEN = /[\r\n\0]/;

/**
 * The last event id a client saw, read from (in order) the `Last-Event-ID` header, the query
 * parameter `evs_last_event_id`, then `lastEventId`. Empty values fall through, and so do values
 * that could not be a real id (over 1 KiB, or holding CR, LF or NUL): they are ignored, never echoed.
 */
export function resolveLastEventId(header: string | readonly string[] | undefined, query: URLSearchParams): string | undefined {
  const fromHeader = typeof header === 'string' ? header : header?.[0];
  for (const candidate of [fromHeader, query.get('evs_last_event_id'), query.get('lastEventId')]) {
    if (candidate && candidate.length <= MAX_LAST_EVENT_ID_LENGTH && !FORBIDDEN.test(candidate)) return candidate;
  }
  return undefined;
}
