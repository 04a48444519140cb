import { createServer, type Server } from 'node:http';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';

/**
 * A node:http server for a Fetch handler, the way servers without a Fetch API of their own bridge
 * to one: each request becomes a `Request` whose signal aborts when the client leaves early, and the
 * `Response` body is piped to the socket; a handler that rejects answers 500 and lands in `errors`.
 * Unlike Hono's server, it never cancels a body it stopped reading: the adapter must notice the
 * client left from the abort alone.
 */
export function fetchServer(handler: (request: Request) => Promise<Response>, errors: unknown[] = []): Server {
  return createServer((req, res) => {
    const abort = new AbortController();
    res.once('close', () => res.writableFinished || abort.abort());
    const headers = new Headers();
    for (let index = 0; index < req.rawHeaders.length; index += 2) headers.append(req.rawHeaders[index]!, req.rawHeaders[index + 1]!);
    const body = req.method === 'GET' || req.method === 'HEAD' ? null : (Readable.toWeb(req) as ReadableStream<Uint8Array>);
    const request = new Request(`http://${req.headers.host}${req.url}`, { method: req.method, headers, body, signal: abort.signal, duplex: 'half' } as RequestInit);
    handler(request).then(
      (response) => {
        res.writeHead(response.status, Object.fromEntries(response.headers));
        if (response.body) Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>).pipe(res);
        else res.end();
      },
      (error: unknown) => {
        errors.push(error);
        res.writeHead(500).end();
      },
    );
  });
}
