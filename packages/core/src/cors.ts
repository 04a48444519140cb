/** Cross-origin access for a channel. */
export interface CorsOptions {
  /** Origins allowed to connect, such as `['https://app.example']`, or `'*'` for any origin. */
  origins: readonly string[] | '*';
  /** Allow credentials (cookies). Needs a list of `origins`: with `'*'` the channel refuses to start. */
  credentials?: boolean;
  /** Request headers a client may send besides `Last-Event-ID`. */
  headers?: readonly string[];
}

/** The CORS answer for one request: whether it is allowed and the headers to add. */
export interface CorsDecision {
  /** Whether the request's origin may read the stream; a request refused here gets 403. */
  allowed: boolean;
  /** The `Access-Control-*` headers to add to the answer (none without CORS or without an `Origin`). */
  headers: Record<string, string>;
}

/**
 * Decides CORS for a request's `Origin`. Without CORS options, or without an `Origin` header
 * (same-origin and non-browser clients), the request is allowed and no header is added.
 * `preflight` adds the method and header permissions an `OPTIONS` answer needs.
 */
export function decideCors(cors: CorsOptions | undefined, origin: string | undefined, preflight: boolean): CorsDecision {
  if (!cors || origin === undefined) return { allowed: true, headers: {} };
  const anyOrigin = cors.origins === '*';
  if (!anyOrigin && !cors.origins.includes(origin)) return { allowed: false, headers: {} };
  const headers: Record<string, string> = {
    'Access-Control-Allow-Origin': anyOrigin ? '*' : origin,
  };
  if (!anyOrigin) headers['Vary'] = 'Origin';
  if (cors.credentials) headers['Access-Control-Allow-Credentials'] = 'true';
  if (preflight) {
    headers['Access-Control-Allow-Methods'] = 'GET, POST';
    headers['Access-Control-Allow-Headers'] = ['Last-Event-ID', ...(cors.headers ?? [])].join(', ');
    headers['Access-Control-Max-Age'] = '86400';
  }
  return { allowed: true, headers };
}
