import type { SseClient, SseSink } from '@sse-channel/core';

/** Bytes a response body buffers before the channel treats the client as congested. */
export const HIGH_WATER_MARK = 64 * 1024;

/**
 * A client's sink that is also the underlying source of its `Response` body. The stream's reader
 * drives backpressure: `write` reports congestion once the body holds `HIGH_WATER_MARK` bytes, and
 * the reader's next pull drains the client. `end()` resolves once the reader has taken every byte
 * and the body is closed, or once the body was cancelled or the request aborted.
 */
export class BodySink implements SseSink {
  /** Set once the channel has attached the client. */
  client: Pick<SseClient, 'onSinkDrain' | 'onSinkClose'> | undefined;
  private controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  private state: 'open' | 'ending' | 'closed' = 'open';
  private closed: Promise<void> | undefined;
  private resolveClosed: (() => void) | undefined;

  start(controller: ReadableStreamDefaultController<Uint8Array>): void {
    this.controller = controller;
  }

  pull(): void {
    if (this.state === 'open') this.client?.onSinkDrain();
    // Once close() is requested the stream stops pulling, so the body closes itself only when the reader emptied it.
    else if (this.state === 'ending') this.closeIfRead();
  }

  cancel(): void {
    this.finish();
  }

  /** The request was aborted: the reader is gone, or will get no more. */
  abort(): void {
    if (this.state === 'open') this.controller?.close();
    this.finish();
  }

  write(chunk: Uint8Array): boolean {
    if (this.state !== 'open' || !this.controller) return true;
    this.controller.enqueue(chunk);
    return (this.controller.desiredSize ?? 0) > 0;
  }

  end(): Promise<void> {
    if (this.state === 'closed') return Promise.resolve();
    this.closed ??= new Promise((resolve) => (this.resolveClosed = resolve));
    if (this.state === 'open') {
      this.state = 'ending';
      this.closeIfRead();
    }
    return this.closed;
  }

  private closeIfRead(): void {
    if (this.controller?.desiredSize !== HIGH_WATER_MARK) return;
    this.controller.close();
    this.finish();
  }

  private finish(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.resolveClosed?.();
    this.client?.onSinkClose();
  }
}
