import { checkTopicName } from './topicName.js';

/** The request headers, in any form `fetch` takes. */
export type HeadersOption = RequestInit['headers'];

/** How a client connects, reconnects and reports. Every option is optional. */
export interface ClientOptions {
  /**
   * Request headers, or a function that gives them (sync or async), called before every connection
   * attempt so that a reconnection sends a fresh token. The client sets `Accept` when missing and
   * `Last-Event-ID` once it has an id.
   */
  headers?: HeadersOption | (() => HeadersOption | Promise<HeadersOption>);
  /** The request method, such as `POST`. Default `GET`. */
  method?: string;
  /** The request body, sent again on every attempt: a string, `URLSearchParams`, `FormData`, a `Blob` or bytes, not a stream. */
  body?: RequestInit['body'];
  /** `fetch`'s credentials mode: `include` sends cookies to another origin (the server must allow credentials in CORS). */
  credentials?: RequestInit['credentials'];
  /** Aborting it closes the client, as `close()` does. */
  signal?: AbortSignal;
  /** The id to resume after on the first connection (such as one saved before a page reload). */
  lastEventId?: string;
  /** Decode every event's data with `JSON.parse` (for channels with `jsonEncode`). Default false. */
  json?: boolean;
  /** The name of the channel's reset event (its `resetEvent` option): such events go to `onReset`. Default `sse-channel:reset`; `false` delivers them as ordinary events. */
  resetEvent?: string | false;
  /** Reconnection delay in ms until the server sends `retry:`. Default 1000. */
  retryDelay?: number;
  /** The longest wait between failed attempts in a row, in ms (a server's `Retry-After` may ask for longer). Default 30000. */
  maxRetryDelay?: number;
  /**
   * The topics to read over this one connection (for a channel with `topics: true`): each name or
   * pattern (`rooms/*`) becomes a `topic` query parameter. Listen to them with `client.topic(name)`.
   */
  topics?: readonly string[];
  /** The `fetch` to use. Default the global one. */
  fetch?: typeof fetch;
  /** Called each time a connection opens (200 with `text/event-stream`). */
  onOpen?: () => void;
  /**
   * Called each time a connection is lost or an attempt fails, and when an event's data is not JSON
   * with `json` on. The client then tries again, unless its `state` is now `closed`: after a 204, a
   * 4xx other than 408 and 429, or a 200 that is not an event stream. A `ResponseError` tells the status.
   */
  onError?: (error: unknown) => void;
  /**
   * Called when the channel no longer had the events after this client's last id (its reset event):
   * the client missed events and should reload its state. Gets the id the client had.
   */
  onReset?: (lastEventId: string) => void;
}

function shown(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/**
 * Checks the options a typo could break, and resolves the URL (relative URLs need a page).
 *
 * @throws RangeError or TypeError naming the option and the value.
 */
export function checkOptions(url: string | URL, { retryDelay = 1000, maxRetryDelay = 30_000, topics = [] }: ClientOptions): URL {
  for (const [name, value] of [['retryDelay', retryDelay], ['maxRetryDelay', maxRetryDelay]] as const) {
    if (!Number.isInteger(value) || value < 0) {
      throw new (typeof value === 'number' ? RangeError : TypeError)(`${name} must be an integer >= 0 (got ${shown(value)})`);
    }
  }
  let resolved: URL;
  try {
    resolved = new URL(url, (globalThis as { location?: { href: string } }).location?.href);
  } catch {
    throw new TypeError(`url must be absolute, or relative to the page (got ${shown(url)})`);
  }
  if (!Array.isArray(topics)) throw new TypeError(`topics must be an array of topic names (got ${shown(topics)})`);
  for (const topic of topics) resolved.searchParams.append('topic', checkTopicName(topic, 'each of topics'));
  return resolved;
}
