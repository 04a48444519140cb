import { Crowd } from '../Crowd.js';
import type { ServerProcess } from '../ServerProcess.js';
import type { MemoryResult } from './results.js';

/** Opens `clients` connections and measures what they cost the server idle (heap, external, RSS after gc). */
export async function connectMeasuringMemory(
  name: string,
  server: ServerProcess,
  clients: number,
): Promise<{ crowd: Crowd; memory: MemoryResult }> {
  const before = (await server.request({ type: 'memory', gc: true })).memory as NodeJS.MemoryUsage;
  const crowd = await connectAll(server, clients);
  const after = (await server.request({ type: 'memory', gc: true })).memory as NodeJS.MemoryUsage;
  const perConnection = (field: keyof NodeJS.MemoryUsage) => (after[field] - before[field]) / clients;
  return {
    crowd,
    memory: {
      server: name,
      clients,
      heapBytesPerConnection: perConnection('heapUsed'),
      externalBytesPerConnection: perConnection('external'),
      rssBytesPerConnection: perConnection('rss'),
    },
  };
}

/** Opens `clients` connections and waits until the server counts them all. */
export async function connectAll(server: ServerProcess, clients: number): Promise<Crowd> {
  const crowd = await Crowd.connect(server.port, clients);
  const deadline = Date.now() + 30_000;
  while ((await server.request({ type: 'count' })).count !== clients) {
    if (Date.now() > deadline) throw new Error(`the server never counted ${clients} clients`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return crowd;
}
