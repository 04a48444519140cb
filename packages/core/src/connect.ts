import { decideCors, type CorsOptions } from './cors.js';
import { resolveLastEventId } from './lastEventId.js';

/** The parts of an HTTP request that decide how a client is connected: plain data from any framework. */
export interface ConnectRequest {
  /** HTTP method, such as `GET`. */
  method: string;
  /** The request target: path and query string (`/events?lastEventId=3`), or just `?lastEventId=3`. */
  url: string;
  /** Request headers with lower-case names. */
  headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** 1 for HTTP/1.x, 2 for HTTP/2 (no `Connection` header is sent there). */
  httpVersionMajor: number;
}

/** How to answer a request: the status and headers to write, and whether it becomes an event stream. */
export interface ConnectDecision {
  /** The HTTP status to answer with. */
  status: number;
  /** The response headers to write. */
  headers: Record<string, string>;
  /** True when the response is an event stream to attach to the channel; otherwise end it after the head. */
  stream: boolean;
  /** The Last-Event-ID the client sent, when it sent a usable one. */
  lastEventId: string | undefined;
  /** Whether the client asked for the 2 KiB preamble (`evs_preamble`). */
  preamble: boolean;
}

const ALLOW = 'GET, POST, HEAD, OPTIONS';

/**
 * Decides the answer to a request from plain data, so every adapter answers identically.
 * GET and POST stream; HEAD gets the stream's head without a body; OPTIONS is a CORS preflight
 * (or lists the allowed methods); other methods get 405. A disallowed origin gets 403. When the
 * channel is full, `busy` is the `Retry-After` (seconds) of the 503 that GET and POST get.
 */
export function decideConnect(request: ConnectRequest, cors: CorsOptions | undefined, busy?: number): ConnectDecision {
  const method = request.method.toUpperCase();
  const query = new URLSearchParams(queryString(request.url));
  const origin = header(request.headers['origin']);
  const preflight = method === 'OPTIONS';
  const access = decideCors(cors, origin, preflight);
  const refuse = (status: number, headers: Record<string, string> = {}): ConnectDecision => ({
    status,
    headers,
    stream: false,
    lastEventId: undefined,
    preamble: false,
  });
  if (!access.allowed) return refuse(403);
  if (preflight) return refuse(204, { ...access.headers, Allow: ALLOW });
  if (method !== 'GET' && method !== 'POST' && method !== 'HEAD') return refuse(405, { Allow: ALLOW });
  if (busy !== undefined && method !== 'HEAD') {
    const headers: Record<string, string> = { ...access.headers, 'Retry-After': String(busy) };
    // A cross-origin client reads Retry-After only when it is exposed.
    if (headers['Access-Control-Allow-Origin']) headers['Access-Control-Expose-Headers'] = 'Retry-After';
    return refuse(503, headers);
  }
  const headers: Record<string, string> = {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    'X-Accel-Buffering': 'no',
    ...access.headers,
  };
  if (request.httpVersionMajor < 2) headers['Connection'] = 'keep-alive';
  return {
    status: 200,
    headers,
    stream: method !== 'HEAD',
    lastEventId: resolveLastEventId(request.headers['last-event-id'], query),
    preamble: Boolean(query.get('evs_preamble')),
  };
}

function queryString(url: string): string {
  const start = url.indexOf('?');
  return start === -1 ? '' : url.slice(start + 1);
}

function header(value: string | readonly string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : value?.[0];
}
