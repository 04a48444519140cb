import { connect, type Socket } from 'node:net';

const RESPONSE_START = 'HTTP/1.1 ';

/**
 * Publishes to nchan over one keep-alive connection, pipelining the POSTs: requests go out as they
 * come, nginx answers them in order on the one connection, so events keep their order. (An HTTP agent
 * waits for each answer before the next request: one round trip per event capped publishing at about
 * 1,400 events/s here, below the rates the bench asks for.)
 */
export class Publisher {
  /** Requests written and not yet answered. */
  pending = 0;
  private readonly socket: Socket;

  constructor(port: number) {
    this.socket = connect(port, '127.0.0.1');
    this.socket.setNoDelay(true);
    this.socket.setEncoding('latin1');
    // Only the answers' count matters: each starts with the status line (bodies are short plain text).
    this.socket.on('data', (text: string) => {
      for (let at = text.indexOf(RESPONSE_START); at !== -1; at = text.indexOf(RESPONSE_START, at + 1)) this.pending--;
    });
    this.socket.on('error', (error) => console.error(`nchan publisher: ${error.message}`));
  }

  publish(data: string): void {
    this.pending++;
    this.socket.write(`POST /pub HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${Buffer.byteLength(data)}\r\n\r\n${data}`);
  }

  close(): void {
    this.socket.destroy();
  }
}
