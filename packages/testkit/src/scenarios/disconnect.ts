import type { Socket } from 'node:net';
import { expect, it, vi } from 'vitest';
import { churn } from '../churn.js';
import { ErrorOutput } from '../ErrorOutput.js';
import { waitFor } from '../waitFor.js';
import type { Harness } from './Harness.js';
import type { ScenarioChannel } from './transport.js';

const PING_MS = 20;

/** Disconnects, whoever causes them, leave the channel exactly once and leave nothing behind. */
export function disconnectScenarios<C extends ScenarioChannel>(h: Harness<C>): void {
  async function connectOne() {
    const { channel, served, url } = await h.start({ pingInterval: PING_MS });
    let disconnects = 0;
    channel.on('disconnect', () => disconnects++);
    const sockets: Array<{ socket: Socket; close: number; drain: number }> = [];
    // Counted when the connection arrives, before any request: whatever is above this is ours.
    served.server.on('connection', (socket: Socket) =>
      sockets.push({ socket, close: socket.listenerCount('close'), drain: socket.listenerCount('drain') }),
    );
    const stream = h.raw(url);
    await stream.waitFor(':ok\n\n');
    const ping = vi.spyOn(channel as ScenarioChannel, 'ping');
    await waitFor(() => ping.mock.calls.length > 0);

    /** Waits for the disconnect, then checks it stays the only one and nothing is left running. */
    async function leftOnce() {
      await waitFor(() => disconnects > 0);
      const pings = ping.mock.calls.length;
      await new Promise((resolve) => setTimeout(resolve, PING_MS * 5));
      expect(disconnects).toBe(1);
      expect(channel.getConnectionCount()).toBe(0);
      expect(ping.mock.calls.length).toBe(pings);
      // A destroyed socket keeps node's own listeners but is unreachable; a kept-alive one must be clean.
      for (const { socket, close, drain } of sockets.filter((entry) => !entry.socket.destroyed)) {
        expect(socket.listenerCount('close')).toBeLessThanOrEqual(close);
        expect(socket.listenerCount('drain')).toBeLessThanOrEqual(drain);
      }
    }
    return { channel, served, stream, leftOnce };
  }

  it('leaves the channel once when the client aborts', async () => {
    const { stream, leftOnce } = await connectOne();
    stream.close();
    await leftOnce();
  });

  it('leaves the channel once when the server shuts down', async () => {
    const { served, stream, leftOnce } = await connectOne();
    await served.stop();
    await leftOnce();
    expect(stream.ended).toBe(true);
  });

  it('leaves the channel once on channel.close(), ending the response', async () => {
    const { channel, stream, leftOnce } = await connectOne();
    channel.close();
    await leftOnce();
    await waitFor(() => stream.finished || stream.ended);
  });

  it('reports nothing as an error when 300 clients leave, abruptly, mid-replay and while events are sent', async () => {
    const { channel, served, url } = await h.start({ pingInterval: PING_MS });
    let open = 0;
    served.server.on('connection', (socket: Socket) => {
      open++;
      socket.once('close', () => open--);
    });
    const output = new ErrorOutput();
    const sending = setInterval(() => channel.send({ data: 'x'.repeat(512) }), 1);
    try {
      // Resets after the stream opened, destroys with a replay unread (the kernel answers with a
      // reset), clean closes: the server's reads and writes meet ECONNRESET and EPIPE.
      await churn(url, channel, { cycles: { clean: 50, abrupt: 150, 'mid-replay': 100 }, historyEvents: 50 });
      await waitFor(() => open === 0, 5000, 'the server to close every connection');
    } finally {
      clearInterval(sending);
      output.restore();
    }
    expect(output.lines).toEqual([]);
    expect(served.errors).toEqual([]);
  }, 30_000);
}
