export {
  runBackplaneConformance,
  type ConformanceBackplane,
  type ConformanceChannel,
  type ConformanceEngine,
} from './conformance.js';
export { MemoryBackplane, MemoryEngine } from './MemoryBackplane.js';
export { runOutageConformance, type EngineServer, type OutageBackplane, type OutageEngine } from './outage.js';
export { OwnServer, freePort, type OwnServerSpec } from './OwnServer.js';
export { ServerProcess, type ServerProcessEnv } from './ServerProcess.js';
