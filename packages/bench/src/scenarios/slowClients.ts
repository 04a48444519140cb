import type { ServerProcess } from '../ServerProcess.js';
import { sendRounds } from './fanout.js';
import { connectAll } from './connectAll.js';
import type { SlowResult } from './results.js';
import { deliveryErrors } from './verify.js';

const PER_TICK = 16;
const EVENT_BYTES = 4096;

/**
 * Every 10th client stops reading; the server then sends `bytesPerClient` to everyone, in ticks the
 * readers are waited for. Reports the server's peak RSS growth and whether the readers got everything.
 */
export async function slowClients(name: string, server: ServerProcess, clients: number, bytesPerClient: number): Promise<SlowResult> {
  const crowd = await connectAll(server, clients);
  crowd.pause(10);
  const readers = crowd.readers;
  await server.request({ type: 'watch-rss' });
  const before = (await server.request({ type: 'memory', gc: true })).memory?.rss ?? 0;
  const rounds = Math.ceil(bytesPerClient / (PER_TICK * EVENT_BYTES));
  await sendRounds(server, crowd, rounds, PER_TICK, EVENT_BYTES - 40);
  const peak = (await server.request({ type: 'memory', gc: false })).peakRss ?? 0;
  const slow = crowd.connections.length - readers.length;
  // A client that stops reading never sees the server close its connection, so ask the server.
  const remaining = (await server.request({ type: 'count' })).count ?? clients;
  crowd.close();
  return {
    server: name,
    clients,
    slowClients: slow,
    bytesPerClient: rounds * PER_TICK * EVENT_BYTES,
    rssGrowthBytes: peak - before,
    readersComplete: deliveryErrors(readers, crowd.sent) === 0,
    slowClientsRemoved: clients - remaining,
  };
}
