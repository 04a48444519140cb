import type { SseSink } from '../../src/index.js';

/** An in-memory sink that keeps every write; `congested` makes writes report back-pressure. */
export class MemorySink implements SseSink {
  readonly writes: Uint8Array[] = [];
  ended = false;
  congested = false;

  write(chunk: Uint8Array): boolean {
    this.writes.push(chunk);
    return !this.congested;
  }

  end(): void {
    this.ended = true;
  }

  /** Everything written, as one buffer. */
  get bytes(): Buffer {
    return Buffer.concat(this.writes);
  }

  get text(): string {
    return this.bytes.toString('utf8');
  }
}
