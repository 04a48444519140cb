import type { IncomingMessage, ServerResponse } from 'node:http';

/** The head and first comment every floor server sends, as the channels do; the response is kept open. */
export function openFloorStream(req: IncomingMessage, res: ServerResponse, clients: Set<ServerResponse>): void {
  req.socket.setNoDelay(true);
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
  res.write(':ok\n\n');
  clients.add(res);
  res.on('close', () => clients.delete(res));
}
