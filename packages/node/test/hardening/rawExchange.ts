import { connect } from 'node:net';
import { waitFor } from '@sse-channel/testkit';

/**
 * Sends exact request bytes (any header bytes, not only UTF-8) and collects the response bytes.
 * For what node's own parser refuses before the application sees it.
 */
export class RawExchange {
  received = Buffer.alloc(0);
  closed = false;
  private readonly socket;

  constructor(url: string, request: Buffer) {
    const target = new URL(url);
    this.socket = connect(Number(target.port), target.hostname);
    this.socket.on('data', (data: Buffer) => (this.received = Buffer.concat([this.received, data])));
    this.socket.on('close', () => (this.closed = true));
    this.socket.on('error', () => undefined);
    this.socket.write(request);
  }

  get text(): string {
    return this.received.toString('latin1');
  }

  async until(text: string): Promise<string> {
    await waitFor(() => this.text.includes(text) || this.closed, 5000, JSON.stringify(text));
    return this.text;
  }

  close(): void {
    this.socket.destroy();
  }
}

/** The bytes of a GET request with `headerLines` (raw, as given) after Host. */
export function rawGet(url: string, headerLines: Buffer[] = []): Buffer {
  const target = new URL(url);
  const head = Buffer.from(`GET ${target.pathname}${target.search} HTTP/1.1\r\nHost: ${target.host}\r\n`, 'latin1');
  return Buffer.concat([head, ...headerLines.flatMap((line) => [line, Buffer.from('\r\n')]), Buffer.from('\r\n')]);
}
