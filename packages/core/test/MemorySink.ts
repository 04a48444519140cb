import type { SseSink } from '../src/index.js';

const decoder = new TextDecoder();

/**
 * An in-memory sink: records each write as one chunk of text, can be set congested (writes then
 * report back-pressure) and records whether and how often it was ended and flushed.
 */
export class MemorySink implements SseSink {
  /** One entry per `write` call, decoded as UTF-8. */
  readonly chunks: string[] = [];
  /** When true, `write` returns false as a congested transport does. */
  congested = false;
  /** How many times `end` was called. */
  ends = 0;

  /** Everything written so far. */
  get text(): string {
    return this.chunks.join('');
  }

  /** True once `end` has been called. */
  get ended(): boolean {
    return this.ends > 0;
  }

  write(chunk: Uint8Array): boolean {
    this.chunks.push(decoder.decode(chunk));
    return !this.congested;
  }

  end(): void {
    this.ends++;
  }
}
