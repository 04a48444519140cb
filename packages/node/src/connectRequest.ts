import type { IncomingMessage } from 'node:http';
import type { ConnectRequest } from '@sse-channel/core';

/** The plain request data the core decides on, read from a node:http request. */
export function connectRequest(req: IncomingMessage): ConnectRequest {
  return {
    method: req.method ?? 'GET',
    url: req.url ?? '/',
    headers: req.headers,
    httpVersionMajor: req.httpVersionMajor,
  };
}
