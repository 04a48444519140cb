import type { ConnectRequest } from '@sse-channel/core';

/**
 * The plain request data the core decides on, read from a Fetch `Request`. A `Request` does not
 * tell its HTTP version, so it is reported as 2: no `Connection` header, which HTTP/2 forbids and
 * HTTP/1.1 servers add themselves.
 */
export function connectRequest(request: Request): ConnectRequest {
  const url = new URL(request.url);
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => (headers[name] = value));
  return { method: request.method, url: url.pathname + url.search, headers, httpVersionMajor: 2 };
}
