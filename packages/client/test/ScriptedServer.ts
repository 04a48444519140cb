import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { listen, stop } from '@sse-channel/testkit';

/** A request as the server received it, and when. */
export interface Received {
  method: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

/** How the server answers its `index`-th request (from 0). */
export type Answer = (response: ServerResponse, index: number, request: IncomingMessage) => void;

/** Answers with an event stream: status 200, the event-stream type, then `body`, left open unless `end`. */
export function stream(response: ServerResponse, body = '', end = false): void {
  response.writeHead(200, { 'Content-Type': 'text/event-stream' });
  if (end) response.end(`:ok\n\n${body}`);
  else response.write(`:ok\n\n${body}`);
}

/** A node:http server on 127.0.0.1 that answers each request as `answer` says and records every request. */
export class ScriptedServer {
  readonly requests: Received[] = [];
  readonly server: Server;
  url = '';
  /** How many responses have closed (ended by either side). */
  closed = 0;

  private constructor(answer: Answer) {
    this.server = createServer(async (request, response) => {
      response.on('close', () => this.closed++);
      let body = '';
      for await (const chunk of request) body += chunk;
      const index = this.requests.push({ method: request.method ?? '', headers: request.headers, body, at: Date.now() }) - 1;
      answer(response, index, request);
    });
  }

  static async start(answer: Answer): Promise<ScriptedServer> {
    const scripted = new ScriptedServer(answer);
    scripted.url = `${await listen(scripted.server)}/events`;
    return scripted;
  }

  /** The time between consecutive requests, in ms. */
  gaps(): number[] {
    return this.requests.slice(1).map((request, index) => request.at - (this.requests[index] as Received).at);
  }

  stop(): Promise<void> {
    return stop(this.server);
  }
}
