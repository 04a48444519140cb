import type { ConnectRequest, SseChannel, SseClient } from '../src/index.js';
import { MemorySink } from './MemorySink.js';

/** A GET request with the given URL and headers, over HTTP/1.1 unless told otherwise. */
export function request(url = '/events', headers: ConnectRequest['headers'] = {}, method = 'GET', httpVersionMajor = 1): ConnectRequest {
  return { method, url, headers, httpVersionMajor };
}

/** A client on a MemorySink, connected the way an adapter does it: decide, then attach. The sink is the handle. */
export function connect(
  channel: SseChannel<MemorySink>,
  req: ConnectRequest = request(),
): { sink: MemorySink; client: SseClient<MemorySink> } {
  const sink = new MemorySink();
  const decision = channel.decide(req);
  if (!decision.stream) throw new Error(`request refused with status ${decision.status}`);
  return { sink, client: channel.attach(sink, decision, sink, req) };
}

/** Resolves after the channel's pending writes (queued in microtasks) have been made. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
