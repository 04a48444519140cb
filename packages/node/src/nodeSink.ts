import type { ServerResponse } from 'node:http';
import type { Http2ServerResponse } from 'node:http2';
import type { SseSink } from '@sse-channel/core';

/** A node:http or node:http2 (compatibility API) response; compression middleware may have given it a `flush()`. */
export type NodeResponse = (ServerResponse | Http2ServerResponse) & { flush?: () => void };

/** What the sink uses of a response; both kinds have it. */
interface ResponseStream {
  readonly writableEnded: boolean;
  write(chunk: Uint8Array): boolean;
  end(): void;
  once(event: 'close', listener: () => void): unknown;
  flush?: () => void;
}

/**
 * A sink over a node:http or node:http2 response. Writes after the response closed are ignored: node
 * would otherwise emit an error nobody listens to (an HTTP/2 response has no `destroyed` to ask, so
 * its `close` event is watched). `flush()` is passed on when compression middleware added it.
 * `end()` resolves once the response has closed.
 */
export function nodeSink(res: ResponseStream): SseSink {
  let closed = false;
  res.once('close', () => (closed = true));
  const flush = typeof res.flush === 'function' ? () => res.flush?.() : undefined;
  return {
    write: (chunk) => (closed || res.writableEnded ? true : res.write(chunk)),
    ...(flush && { flush }),
    end: () =>
      new Promise<void>((resolve) => {
        if (closed) return resolve();
        res.once('close', () => resolve());
        if (!res.writableEnded) res.end();
      }),
  };
}
