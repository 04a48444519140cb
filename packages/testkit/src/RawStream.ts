import { connect, type Socket } from 'node:net';
import { waitFor } from './waitFor.js';

/**
 * An HTTP/1.1 request over a raw TCP socket, to read the exact bytes a server sends.
 * The head is kept as text; a chunked body is decoded, and each chunk (one server write) is kept.
 */
export class RawStream {
  /** Status line and header lines, as received. */
  head = '';
  /** The body's chunks in arrival order (for a chunked response, one per chunk). */
  readonly chunks: string[] = [];
  /** True once the server closed the connection. */
  ended = false;
  /** True once the server ended the response: the last chunk of a chunked body arrived. */
  finished = false;
  private buffer = Buffer.alloc(0);
  private chunked = false;
  private readonly socket: Socket;

  /** Opens `url` with `method` and extra header lines, such as `{ 'Last-Event-ID': '3' }`. */
  constructor(url: string, headers: Record<string, string> = {}, method = 'GET') {
    const target = new URL(url);
    this.socket = connect(Number(target.port), target.hostname);
    const lines = [`${method} ${target.pathname}${target.search} HTTP/1.1`, `Host: ${target.host}`];
    for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
    this.socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    this.socket.on('data', (data: Buffer) => this.receive(data));
    this.socket.on('close', () => (this.ended = true));
    this.socket.on('error', () => (this.ended = true));
  }

  /** The body received so far, as text. */
  get body(): string {
    return this.chunks.join('');
  }

  /** The status code, once the head has arrived. */
  get status(): number {
    return Number(this.head.split(' ')[1]);
  }

  /** A response header's value (case-insensitive name), or undefined. */
  header(name: string): string | undefined {
    const wanted = name.toLowerCase();
    for (const line of this.head.split('\r\n').slice(1)) {
      const colon = line.indexOf(':');
      if (line.slice(0, colon).toLowerCase() === wanted) return line.slice(colon + 1).trim();
    }
    return undefined;
  }

  /** Waits until the body contains `text` (or the predicate holds). */
  async waitFor(until: string | ((body: string) => boolean), timeout = 5000): Promise<string> {
    const test = typeof until === 'string' ? (body: string) => body.includes(until) : until;
    await waitFor(() => test(this.body), timeout, `body to match ${String(until)}; got ${JSON.stringify(this.body.slice(-200))}`);
    return this.body;
  }

  /** Waits until the head has arrived. */
  async waitForHead(timeout = 5000): Promise<void> {
    await waitFor(() => this.head !== '', timeout, 'the response head');
  }

  /** Waits until the server has ended the response (a kept-alive connection may stay open). */
  async waitForFinish(timeout = 5000): Promise<void> {
    await waitFor(() => this.finished || this.ended, timeout, 'the response to end');
  }

  /** Waits until the server closes the connection. */
  async waitForEnd(timeout = 5000): Promise<void> {
    await waitFor(() => this.ended, timeout, 'the connection to close');
  }

  /** Stops reading: the socket stays open but the server's writes back up (a slow client). */
  pause(): void {
    this.socket.pause();
  }

  /** Resumes reading after `pause()`. */
  resume(): void {
    this.socket.resume();
  }

  /** Closes the connection (`destroy` for an abrupt reset). */
  close(): void {
    this.socket.destroy();
  }

  /** Resets the connection (TCP RST): the server sees it at once, not at its next write. */
  reset(): void {
    this.socket.resetAndDestroy();
  }

  private receive(data: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, data]);
    if (this.head === '') {
      const end = this.buffer.indexOf('\r\n\r\n');
      if (end === -1) return;
      this.head = this.buffer.subarray(0, end).toString('latin1');
      this.buffer = this.buffer.subarray(end + 4);
      this.chunked = /^transfer-encoding:\s*chunked/im.test(this.head);
    }
    if (!this.chunked) {
      if (this.buffer.length > 0) this.chunks.push(this.buffer.toString('utf8'));
      this.buffer = Buffer.alloc(0);
      return;
    }
    for (;;) {
      const lineEnd = this.buffer.indexOf('\r\n');
      if (lineEnd === -1) return;
      const size = parseInt(this.buffer.subarray(0, lineEnd).toString('latin1'), 16);
      if (this.buffer.length < lineEnd + 2 + size + 2) return;
      if (size > 0) this.chunks.push(this.buffer.subarray(lineEnd + 2, lineEnd + 2 + size).toString('utf8'));
      else this.finished = true;
      this.buffer = this.buffer.subarray(lineEnd + 2 + size + 2);
    }
  }
}
