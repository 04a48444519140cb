import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Starts a server on 127.0.0.1 with a free port; resolves to its base URL. */
export async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

/** Closes a server and every connection it still holds. */
export async function stop(server: Server): Promise<void> {
  if (!server.listening) return;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await closed;
}

/** What `serveChannel` uses of a node:http channel (`@sse-channel/node`). */
export interface NodeChannel {
  addClient(req: IncomingMessage, res: ServerResponse): void;
  close(): Promise<void>;
}

/** Serves `channel` on node:http at `<url>/events` on 127.0.0.1:0; `close()` closes the channel, then the server. */
export async function serveChannel(channel: NodeChannel): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => channel.addClient(req, res));
  const url = `${await listen(server)}/events`;
  return {
    url,
    async close() {
      await channel.close();
      await stop(server);
    },
  };
}

/**
 * Serves `channel`, which sends through `backplane`, as `serveChannel` does, once the backplane is
 * live; `close()` closes the channel, the server, then the backplane.
 */
export async function serveThrough(channel: NodeChannel, backplane: { ready(): Promise<void>; close(): Promise<void> }): Promise<{ url: string; close(): Promise<void> }> {
  const served = await serveChannel(channel);
  await backplane.ready();
  return {
    url: served.url,
    async close() {
      await served.close();
      await backplane.close();
    },
  };
}
