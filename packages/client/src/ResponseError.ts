import { retryAfter } from './retryDelay.js';

/**
 * A response that is not an event stream: a status other than 200, or a 200 of another content
 * type. The client tries again after 408, 429 and 5xx (after `retryAfter` when the server said), and
 * stops after any other.
 */
export class ResponseError extends Error {
  /** Always `'ResponseError'`. */
  override readonly name = 'ResponseError';
  /** The response's HTTP status. */
  readonly status: number;
  /** The wait the response's `Retry-After` header asked for, in ms. */
  readonly retryAfter: number | undefined;

  constructor(response: Response) {
    super(
      response.status === 200
        ? `expected text/event-stream, got ${response.headers.get('content-type')}`
        : `the server answered ${response.status}`,
    );
    this.status = response.status;
    this.retryAfter = retryAfter(response.headers.get('retry-after'), Date.now());
  }
}
