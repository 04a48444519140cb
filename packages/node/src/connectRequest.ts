import type { IncomingMessage } from 'node:http';
import type { Http2ServerRequest } from 'node:http2';
import type { ConnectRequest } from '@sse-channel/core';

/** A node:http request, or a node:http2 request of the compatibility API. */
export type NodeRequest = IncomingMessage | Http2ServerRequest;

/** The plain request data the core decides on, read from a node:http or node:http2 request. */
export function connectRequest(req: NodeRequest): ConnectRequest {
  return {
    method: req.method ?? 'GET',
    url: req.url ?? '/',
    headers: req.headers,
    httpVersionMajor: req.httpVersionMajor,
  };
}
