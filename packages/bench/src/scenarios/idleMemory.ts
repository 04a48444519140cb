import type { Crowd } from '../Crowd.js';
import type { ServerProcess } from '../ServerProcess.js';
import { connectAll } from './connectAll.js';
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
