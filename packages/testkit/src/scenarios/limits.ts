import { connect } from 'node:net';
import { expect, it } from 'vitest';
import { waitFor } from '../waitFor.js';
import type { Harness } from './Harness.js';
import type { ScenarioChannel } from './transport.js';

/** Opens a stream over a raw socket and stops reading once its first bytes arrived, as a stalled peer does. */
async function stalledPeer(url: string): Promise<{ close(): void }> {
  const target = new URL(url);
  const socket = connect(Number(target.port), target.hostname);
  socket.on('error', () => undefined);
  socket.write(`GET ${target.pathname} HTTP/1.1\r\nHost: ${target.host}\r\n\r\n`);
  await new Promise<void>((resolve) => socket.once('data', () => resolve()));
  socket.pause();
  return { close: () => socket.destroy() };
}

/** The bounds that keep a channel serving when peers stall or crowd it: `stallTimeout` and `maxClients`. */
export function limitScenarios<C extends ScenarioChannel>(h: Harness<C>): void {
  it('cuts a peer that stopped reading once its writes have not drained for stallTimeout, and keeps serving the others', async () => {
    // The byte bound is far away: only the time bound can cut the peer.
    const { url, channel } = await h.start({ pingInterval: 0, stallTimeout: 300, maxQueuedBytes: 1024 ** 3 });
    const cut: number[] = [];
    channel.on('slow-client', () => cut.push(Date.now()));
    const reader = h.events(url);
    await reader.opened();
    const peer = await stalledPeer(url);
    await waitFor(() => channel.getConnectionCount() === 2, 5000, 'both clients');
    // 64 KiB events until the peer's buffers are full and its writes stall (a few MiB on loopback).
    const data = 'x'.repeat(64 * 1024);
    let sent = 0;
    while (cut.length === 0 && sent < 1000) {
      channel.send(data);
      sent++;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    peer.close();
    expect(cut).toHaveLength(1);
    expect(channel.getConnectionCount()).toBe(1);
    await reader.received(sent, 10_000);
  }, 20_000);

  it('answers 503 with Retry-After over maxClients, and admits again once a client left', async () => {
    const { url, channel } = await h.start({ pingInterval: 0, maxClients: 2, retryTimeout: 3000 });
    const first = h.raw(url);
    const second = h.raw(url);
    await Promise.all([first.waitFor(':ok'), second.waitFor(':ok')]);
    const refused = h.raw(url);
    await waitFor(() => refused.status > 0, 5000, 'the refusal');
    expect(refused.status).toBe(503);
    expect(refused.header('retry-after')).toBe('3');
    first.close();
    await waitFor(() => channel.getConnectionCount() === 1, 5000, 'the first client to leave');
    const admitted = h.raw(url);
    await admitted.waitFor(':ok');
    expect(admitted.status).toBe(200);
  });
}
