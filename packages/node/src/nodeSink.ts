import type { ServerResponse } from 'node:http';
import type { SseSink } from '@sse-channel/core';

/** A response that compression middleware has given a `flush()`. */
type FlushableResponse = ServerResponse & { flush?: () => void };

/**
 * A sink over a node:http response. Writes to an ended or destroyed response are ignored: node would
 * otherwise emit an error nobody listens to. `flush()` is passed on when compression middleware added it.
 */
export function nodeSink(res: FlushableResponse): SseSink {
  const flush = typeof res.flush === 'function' ? () => res.flush?.() : undefined;
  return {
    write: (chunk) => (res.writableEnded || res.destroyed ? true : res.write(chunk)),
    ...(flush && { flush }),
    end: () => {
      if (!res.writableEnded) res.end();
    },
  };
}
