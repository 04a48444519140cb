import type { Crowd } from '../Crowd.js';
import type { ServerProcess } from '../ServerProcess.js';
import type { FanoutResult } from './results.js';
import { deliveryErrors } from './verify.js';

/** Sends `rounds` ticks of `perTick` events, waiting each time until every client has them all. */
export async function sendRounds(server: ServerProcess, crowd: Crowd, rounds: number, perTick: number, pad: number): Promise<void> {
  const readers = crowd.readers.length;
  for (let round = 0; round < rounds; round++) {
    const from = crowd.sent + 1;
    crowd.sent += perTick;
    await Promise.all([crowd.until(crowd.sent, readers), server.request({ type: 'send', from, count: perTick, pad })]);
  }
}

async function cpuUsage(server: ServerProcess): Promise<NodeJS.CpuUsage> {
  return (await server.request({ type: 'cpu' })).cpu ?? { user: Number.NaN, system: Number.NaN };
}

/**
 * Server CPU per delivered event: warm-up rounds, then `rounds` measured ones, the server's
 * `process.cpuUsage()` read before and after.
 */
export async function fanout(
  name: string,
  server: ServerProcess,
  crowd: Crowd,
  perTick: number,
  rounds: number,
  pad: number,
): Promise<FanoutResult> {
  const clients = crowd.connections.length;
  await sendRounds(server, crowd, Math.ceil(rounds / 5), perTick, pad);
  const before = await cpuUsage(server);
  await sendRounds(server, crowd, rounds, perTick, pad);
  const after = await cpuUsage(server);
  const delivered = rounds * perTick * clients;
  const user = after.user - before.user;
  return {
    server: name,
    clients,
    perTick,
    delivered,
    cpuMicrosPerEvent: (user + after.system - before.system) / delivered,
    userMicrosPerEvent: user / delivered,
    errors: deliveryErrors(crowd.connections, crowd.sent),
  };
}
