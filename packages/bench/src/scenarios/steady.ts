import { nowMicros } from '../protocol.js';
import type { ServerProcess } from '../ServerProcess.js';
import { connectAll } from './connectAll.js';
import type { SteadyResult } from './results.js';
import { deliveryErrors } from './verify.js';

const cpuMicros = async (server: ServerProcess): Promise<number> => {
  const cpu = (await server.request({ type: 'cpu' })).cpu;
  return cpu ? cpu.user + cpu.system : Number.NaN;
};

/**
 * A steady stream, one event per tick at `perSecond` for `seconds`, to `clients`: server CPU per
 * delivered event, the send-to-read latency, and the rates the server actually achieved.
 */
export async function steady(
  name: string,
  server: ServerProcess,
  clients: number,
  perSecond: number,
  seconds: number,
  pad: number,
): Promise<SteadyResult> {
  const crowd = await connectAll(server, clients);
  const histogram = crowd.measureLatency();
  const before = await cpuMicros(server);
  const start = nowMicros();
  const reply = await server.request({ type: 'steady', from: 1, perSecond, seconds, pad });
  const sent = reply.count ?? 0;
  crowd.sent = sent;
  await crowd.until(sent, clients, 120_000);
  const wallSeconds = (nowMicros() - start) / 1e6;
  const cpu = (await cpuMicros(server)) - before;
  crowd.close();
  const delivered = sent * clients;
  return {
    server: name,
    clients,
    eventsPerSecond: perSecond,
    sentPerSecond: sent / ((reply.elapsedMs ?? Number.NaN) / 1000),
    deliveredPerSecond: delivered / wallSeconds,
    cpuMicrosPerEvent: cpu / delivered,
    p50Ms: histogram.percentileMs(0.5),
    p99Ms: histogram.percentileMs(0.99),
    maxMs: histogram.maxMicros / 1000,
    errors: deliveryErrors(crowd.connections, sent),
  };
}
