import type { IncomingMessage, ServerResponse } from 'node:http';

/** One event as every server sends it: `id: <id>` and one `data:` line. */
export interface BenchEvent {
  id: string;
  data: string;
}

/** A server that runs outside the bench's server process (nginx): where its clients connect, and its processes. */
export interface ExternalServer {
  readonly port: number;
  /** Every process of the server, for its CPU time and memory. */
  pids(): number[];
  stop(): void;
}

/** A server under test: how it takes a client, sends a tick's events, and counts its clients. */
export interface Variant {
  /** Takes a client of the bench's own HTTP server (unused when the server is `external`). */
  connect(req: IncomingMessage, res: ServerResponse): void;
  /** Sends these events to every client, all in the current tick (an external server is sent them in order). */
  send(events: readonly BenchEvent[]): void;
  count(): number | Promise<number>;
  /** Events handed over and not yet taken by an external server; a steady stream waits while there are many. */
  backlog?(): number;
  /** Set when the clients connect to another process; its CPU and memory are measured instead of this one's. */
  readonly external?: ExternalServer;
}

/** The SSE text of an event, as the floors pre-frame it. */
export function frameText(event: BenchEvent): string {
  return `id: ${event.id}\ndata: ${event.data}\n\n`;
}

/** One HTTP/1.1 chunk holding `body`: what a chunked response puts on the wire for one write. */
export function httpChunk(body: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from('\r\n')]);
}
