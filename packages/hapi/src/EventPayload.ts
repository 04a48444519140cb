import { PassThrough } from 'node:stream';
import type { SseSink } from '@sse-channel/core';

interface Compressor {
  flush(): void;
  on(event: 'drain', listener: () => void): unknown;
  readonly destroyed: boolean;
}

/**
 * The stream a hapi SSE response sends. When hapi compresses the response it hands this stream its
 * compressor (`setCompressor`), so every write batch can be flushed out instead of waiting in gzip.
 */
export class EventPayload extends PassThrough {
  private compressor: Compressor | undefined;
  private flushing = false;
  /** The sink the channel writes to. */
  readonly sink: SseSink = {
    write: (chunk) => (this.writableEnded || this.destroyed ? true : this.write(chunk)),
    flush: () => this.flushSoon(),
    end: () => {
      if (!this.writableEnded) this.end();
    },
  };

  /**
   * Called by hapi with the compressor it pipes this stream through, when it transmits: after the
   * channel's first write batch (`:ok`, `retry:`, a replay) asked for a flush that had no compressor yet.
   */
  setCompressor(compressor: Compressor): void {
    this.compressor = compressor;
    this.flushSoon();
    // A compressor that backed up (a large write, a slow client) takes the bytes still piped to it when
    // it drains, after their batch's flush went by: flush them then, or they wait for the next event.
    compressor.on('drain', () => this.flushSoon());
  }

  // The piped bytes reach the compressor after this tick's writes; flushing before they do would flush nothing.
  private flushSoon(): void {
    if (this.compressor === undefined || this.flushing) return;
    this.flushing = true;
    setImmediate(() => {
      this.flushing = false;
      if (this.compressor && !this.compressor.destroyed) this.compressor.flush();
    });
  }
}
