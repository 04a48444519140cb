import type { SseSink } from './SseSink.js';

/**
 * How a channel answers a request (`channel.accept()`): the status and headers to write and, for an
 * event stream, `open()` to call once they are written.
 */
export interface ConnectAnswer<C> {
  /** The HTTP status: 200 for a stream, 204 for a preflight, 400 (topics), 403, 405 or 503 for a refusal. */
  readonly status: number;
  /** The headers to send with it. */
  readonly headers: Readonly<Record<string, string>>;
  /** True when the answer is an event stream; otherwise the response ends after the head. */
  readonly stream: boolean;
  /**
   * Starts the event stream on `sink`: writes its first bytes and the replay, and adds the client.
   * The adapter reports the transport's drains and close to the returned client.
   *
   * @throws Error when the answer is no stream, or was opened already; what a per-connection option
   * function (`metadata`, `firstConnect`) threw, after ending the sink.
   */
  open(sink: SseSink): C;
}
