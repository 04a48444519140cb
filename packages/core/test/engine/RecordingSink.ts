import { MemorySink } from '../MemorySink.js';

/** A MemorySink that also keeps each written chunk as the very object it was given. */
export class RecordingSink extends MemorySink {
  readonly raw: Uint8Array[] = [];

  override write(chunk: Uint8Array): boolean {
    this.raw.push(chunk);
    return super.write(chunk);
  }
}
