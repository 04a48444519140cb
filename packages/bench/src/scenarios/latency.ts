import type { ServerProcess } from '../ServerProcess.js';
import { connectAll } from './connectAll.js';
import type { LatencyResult } from './results.js';
import { deliveryErrors } from './verify.js';

/** A steady stream at `eventsPerSecond` for `seconds` to `clients`: latency from `send` to the client's read. */
export async function latency(
  name: string,
  server: ServerProcess,
  clients: number,
  eventsPerSecond: number,
  seconds: number,
  pad: number,
): Promise<LatencyResult> {
  const crowd = await connectAll(server, clients);
  const count = Math.round(eventsPerSecond * seconds);
  const histogram = crowd.measureLatency();
  crowd.sent = count;
  await Promise.all([
    crowd.until(count, clients, seconds * 1000 + 60_000),
    server.request({ type: 'stream', from: 1, count, intervalMs: 1000 / eventsPerSecond, pad }),
  ]);
  crowd.close();
  return {
    server: name,
    clients,
    eventsPerSecond,
    delivered: histogram.count,
    p50Ms: histogram.percentileMs(0.5),
    p99Ms: histogram.percentileMs(0.99),
    maxMs: histogram.maxMicros / 1000,
    errors: deliveryErrors(crowd.connections, count),
  };
}
