import { connect, type Socket } from 'node:net';
import { waitFor } from './waitFor.js';

/**
 * Exact request bytes over a raw TCP socket (any header bytes, not only UTF-8, and a body), with
 * the response kept as bytes: for what a server's HTTP parser refuses before the application sees it.
 */
export class RawExchange {
  received = Buffer.alloc(0);
  closed = false;
  private readonly socket: Socket;

  constructor(url: string, request: Buffer) {
    const target = new URL(url);
    this.socket = connect(Number(target.port), target.hostname);
    this.socket.on('data', (data: Buffer) => (this.received = Buffer.concat([this.received, data])));
    this.socket.on('close', () => (this.closed = true));
    this.socket.on('error', () => undefined);
    this.socket.write(request);
  }

  /** The response so far, one character per byte. */
  get text(): string {
    return this.received.toString('latin1');
  }

  /** Waits until the response holds `text`, or the connection closed. */
  async until(text: string): Promise<string> {
    await waitFor(() => this.text.includes(text) || this.closed, 5000, JSON.stringify(text));
    return this.text;
  }

  close(): void {
    this.socket.destroy();
  }

  /** The bytes of a request for `url`: `method`, then Host, then each of `headerLines` as given, then `body`. */
  static request(url: string, { method = 'GET', headerLines = [] as Buffer[], body = Buffer.alloc(0) } = {}): Buffer {
    const target = new URL(url);
    const head = `${method} ${target.pathname}${target.search} HTTP/1.1\r\nHost: ${target.host}\r\n`;
    const lines = headerLines.flatMap((line) => [line, Buffer.from('\r\n')]);
    const length = body.length > 0 ? `Content-Length: ${body.length}\r\n` : '';
    return Buffer.concat([Buffer.from(head, 'latin1'), ...lines, Buffer.from(`${length}\r\n`), body]);
  }
}
