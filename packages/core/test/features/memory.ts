import type { ConnectRequest, SseChannel, SseClient, SseSink } from '../../src/index.js';

const decoder = new TextDecoder();

/** An in-memory sink: keeps every chunk written (as given and as text), can be set congested. */
export class MemorySink implements SseSink {
  readonly raw: Uint8Array[] = [];
  congested = false;
  ended = false;

  get text(): string {
    return this.raw.map((chunk) => decoder.decode(chunk)).join('');
  }

  write(chunk: Uint8Array): boolean {
    this.raw.push(chunk);
    return !this.congested;
  }

  end(): void {
    this.ended = true;
  }
}

/** A GET request for the event stream with these headers. */
export function request(headers: ConnectRequest['headers'] = {}, url = '/events'): ConnectRequest {
  return { method: 'GET', url, headers, httpVersionMajor: 1 };
}

/** Connects a client on a MemorySink (its handle) the way an adapter does: decide, then attach. */
export function connect(channel: SseChannel<MemorySink>, req: ConnectRequest = request()): { sink: MemorySink; client: SseClient<MemorySink> } {
  const sink = new MemorySink();
  return { sink, client: channel.attach(sink, channel.decide(req), sink, req) };
}

/** Resolves after the channel's pending writes (made in a microtask) are done. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
