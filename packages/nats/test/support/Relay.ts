import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/**
 * A TCP relay to a NATS server, so that a test can cut one process off the network (the shared
 * server is never restarted) and let it reconnect.
 */
export class Relay {
  private readonly sockets = new Set<Socket>();
  private open = true;
  private server: Server | undefined;
  /** `nats://127.0.0.1:<port>` of the relay. */
  url = '';

  /** Starts relaying to `target` (`nats://host:port`). */
  static async start(target: string): Promise<Relay> {
    const relay = new Relay();
    const { hostname, port } = new URL(target);
    relay.server = createServer((client) => {
      if (!relay.open) return client.destroy();
      const upstream = connect(Number(port), hostname);
      for (const [from, to] of [[client, upstream], [upstream, client]] as const) {
        relay.sockets.add(from);
        from.pipe(to);
        from.on('error', () => to.destroy());
        from.on('close', () => {
          relay.sockets.delete(from);
          to.destroy();
        });
      }
    });
    const server = relay.server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    relay.url = `nats://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return relay;
  }

  /** Drops every connection, and refuses new ones until `restore()`. */
  cut(): void {
    this.open = false;
    for (const socket of this.sockets) socket.destroy();
  }

  restore(): void {
    this.open = true;
  }

  async close(): Promise<void> {
    this.cut();
    const { server } = this;
    if (server) await new Promise((resolve) => server.close(resolve));
  }
}
