import type { Server } from 'node:http';
import type { Socket } from 'node:net';

const POLL_MS = 50;

/**
 * Watches a server's sockets for stalls: a socket stalls when Node holds bytes for it that the kernel
 * would not take, and stops stalling when they are all sent. For each socket closed while stalled it
 * keeps how long the stall had lasted (to the 50 ms of its polling, counted from the first byte held,
 * a little before the channel sees a refused write).
 */
export class StallWatch {
  /** How long each socket closed while stalled had been stalled, in ms. */
  readonly cutAfterMs: number[] = [];
  private readonly stalledSince = new Map<Socket, number>();
  private readonly sockets = new Set<Socket>();

  constructor(server: Server) {
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => {
        const since = this.stalledSince.get(socket);
        if (since !== undefined) this.cutAfterMs.push(performance.now() - since);
        this.stalledSince.delete(socket);
        this.sockets.delete(socket);
      });
    });
    setInterval(() => this.poll(), POLL_MS).unref();
  }

  /** Sockets stalled now. */
  get stalled(): number {
    return this.stalledSince.size;
  }

  private poll(): void {
    const now = performance.now();
    for (const socket of this.sockets) {
      if (socket.writableLength === 0) this.stalledSince.delete(socket);
      else if (!this.stalledSince.has(socket)) this.stalledSince.set(socket, now);
    }
  }
}
