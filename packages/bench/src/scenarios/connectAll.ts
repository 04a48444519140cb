import { Crowd } from '../Crowd.js';
import type { ServerProcess } from '../ServerProcess.js';

/**
 * Opens `clients` connections (from many source addresses with `spread`) and waits until the server
 * counts them all, beside the `others` it already has.
 */
export async function connectAll(server: ServerProcess, clients: number, spread = false, others = 0): Promise<Crowd> {
  const crowd = await Crowd.connect(server.port, clients, 250, spread);
  const deadline = Date.now() + 30_000;
  while ((await server.request({ type: 'count' })).count !== clients + others) {
    if (Date.now() > deadline) throw new Error(`the server never counted ${clients} clients`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return crowd;
}
