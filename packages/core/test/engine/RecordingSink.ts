import type { SseChannel } from '../../src/index.js';
import { connect, request, settle } from '../connect.js';
import { MemorySink } from '../MemorySink.js';

/** A MemorySink that also keeps each written chunk as the very object it was given. */
export class RecordingSink extends MemorySink {
  readonly raw: Uint8Array[] = [];

  override write(chunk: Uint8Array): boolean {
    this.raw.push(chunk);
    return super.write(chunk);
  }
}

/** Attaches a RecordingSink (a request to `url`) and waits until its initial bytes are written, then forgets them. */
export async function joined(target: SseChannel<MemorySink>, url = '/events'): Promise<RecordingSink> {
  const sink = new RecordingSink();
  connect(target, request(url), sink);
  await settle();
  sink.raw.length = 0;
  sink.chunks.length = 0;
  return sink;
}
