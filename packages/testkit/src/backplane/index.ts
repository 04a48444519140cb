export {
  runBackplaneConformance,
  type ConformanceBackplane,
  type ConformanceChannel,
  type ConformanceEngine,
} from './conformance.js';
export { MemoryBackplane, MemoryEngine } from './MemoryBackplane.js';
export { OwnServer, freePort, type OwnServerSpec } from './OwnServer.js';
export { ServerProcess, type ServerProcessEnv } from './ServerProcess.js';
