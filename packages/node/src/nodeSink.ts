import { ServerResponse } from 'node:http';
import type { Http2ServerResponse } from 'node:http2';
import type { Socket } from 'node:net';
import type { SseSink } from '@sse-channel/core';
import { httpChunk } from './httpChunk.js';

/** A node:http or node:http2 (compatibility API) response; compression middleware may have given it a `flush()`. */
export type NodeResponse = (ServerResponse | Http2ServerResponse) & {
  /** A compression middleware's flush, which the sink calls after each write. */
  flush?: () => void;
};

/** What the sink uses of a response; node:http's and HTTP/2's both have it. */
export interface ResponseStream {
  /** True once the response was ended. */
  readonly writableEnded: boolean;
  /** Writes bytes; false when they were queued because the transport is congested. */
  write(chunk: Uint8Array): boolean;
  /** Ends the response. */
  end(): void;
  /** Listens for the response's close. */
  once(event: 'close', listener: () => void): unknown;
  /** Emits `drain`. */
  emit(event: 'drain'): boolean;
  /** A compression middleware's flush. */
  flush?: () => void;
}

/**
 * A sink over a node:http or node:http2 response. Writes after the response closed are ignored: node
 * would otherwise emit an error nobody listens to (an HTTP/2 response has no `destroyed` to ask, so
 * its `close` event is watched). `flush()` is passed on when compression middleware added it.
 * `end()` resolves once the response has closed; `destroy()` cuts a node:http connection at once.
 *
 * Once the head is out, a plain node:http response is written straight to its socket, each chunk
 * framed once for every client that shares it: `res.write` would add four writes, a cork and a
 * `nextTick` per client. A congested response then gets its `'drain'` from the socket. A response
 * whose `write` was replaced (compression) or that is not node:http's own goes through `res.write`.
 */
export function nodeSink(res: ResponseStream): SseSink {
  return new NodeSink(res);
}

class NodeSink implements SseSink {
  // Declared, not defined: only a sink over a compressed response carries its own `flush`.
  declare flush?: () => void;
  /** node:http's own response, written straight to its socket; otherwise null. */
  private readonly plain: ServerResponse | null;
  /** The socket taken for direct writes once the head is out, and whether the body is chunked. */
  private socket: Socket | null = null;
  private chunked = false;
  private closed = false;
  private headSent = false;
  private awaitingDrain = false;

  constructor(private readonly res: ResponseStream) {
    if (typeof res.flush === 'function') this.flush = () => res.flush?.();
    const plain = res instanceof ServerResponse && res.write === ServerResponse.prototype.write && !this.flush;
    this.plain = plain ? res : null;
    // node:http's own response says whether it is destroyed; watch the others' close instead.
    if (!plain) res.once('close', () => (this.closed = true));
  }

  write(chunk: Uint8Array): boolean {
    const res = this.res;
    if (this.closed || res.writableEnded || this.plain?.destroyed) return true;
    const socket = this.socket ?? this.takeSocket();
    if (socket === null) return res.write(chunk);
    // An empty HTTP chunk would end the response.
    if (chunk.byteLength === 0) return true;
    if (socket.write(httpChunk(chunk, this.chunked))) return true;
    if (!this.awaitingDrain) {
      this.awaitingDrain = true;
      socket.once('drain', () => {
        this.awaitingDrain = false;
        res.emit('drain');
      });
    }
    return false;
  }

  /**
   * The first write goes through the response and sends the head; after it every byte of the response is in the socket.
   * A pipelined response waiting behind another has no `socket` until it is the current one (node then flushes
   * what it buffered), so until then writes keep going through the response and stay in order.
   */
  private takeSocket(): Socket | null {
    const plain = this.plain;
    if (!this.headSent || !plain?.socket) {
      this.headSent = true;
      return null;
    }
    this.chunked = plain.chunkedEncoding;
    return (this.socket = plain.socket);
  }

  end(): Promise<void> {
    const { res, plain } = this;
    return new Promise<void>((resolve) => {
      if (this.closed || plain?.destroyed) return resolve();
      res.once('close', () => resolve());
      if (!res.writableEnded) res.end();
    });
  }

  destroy(): void {
    if (this.res instanceof ServerResponse) this.res.destroy();
    else void this.end();
  }
}
