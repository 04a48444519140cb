import type { ConnectRequest, SseChannel, SseClient, SseSink } from '../src/index.js';
import { MemorySink } from './MemorySink.js';

/** A GET request with the given URL and headers, over HTTP/1.1 unless told otherwise. */
export function request(url = '/events', headers: ConnectRequest['headers'] = {}, method = 'GET', httpVersionMajor = 1): ConnectRequest {
  return { method, url, headers, httpVersionMajor };
}

/** A client on a MemorySink, connected the way an adapter does it: accept, then open. The sink is the handle. */
export function connect<S extends SseSink = MemorySink>(
  channel: SseChannel<S>,
  req: ConnectRequest = request(),
  sink: S = new MemorySink() as SseSink as S,
): { sink: S; client: SseClient<S> } {
  const answer = channel.accept(req, req, sink);
  if (!answer.stream) throw new Error(`request refused with status ${answer.status}`);
  return { sink, client: answer.open(sink) };
}

/** Resolves after the channel's pending writes (queued in microtasks) have been made. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Waits, one macrotask at a time, until `done` holds: a fan-out to many clients may take several. */
export async function settleUntil(done: () => boolean): Promise<void> {
  for (let turns = 0; !done(); turns++) {
    if (turns > 100_000) throw new Error('gave up waiting');
    await settle();
  }
}
