import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { fdLimit } from '../fdLimit.js';
import { nowMicros } from '../protocol.js';
import type { ServerProcess } from '../ServerProcess.js';
import { connectAll } from './connectAll.js';
import type { CrowdResult } from './results.js';
import { deliveryErrors } from './verify.js';

/** Descriptors each process keeps for itself (IPC, stdio, the listening socket, the late client). */
const SPARE_FDS = 64;

const memory = async (server: ServerProcess) => (await server.request({ type: 'memory', gc: true })).memory as NodeJS.MemoryUsage;
const loopDelayMs = async (server: ServerProcess) => (await server.request({ type: 'loop-delay' })).loopDelayMaxMs ?? Number.NaN;

/** A client in a process of its own, started now; `connect()` resolves with the ms it waited for its first bytes. */
async function lateClient(port: number): Promise<{ connect(): Promise<number> }> {
  const child = fork(fileURLToPath(new URL('./lateClient.js', import.meta.url)));
  await new Promise((resolve) => child.once('message', resolve));
  return {
    async connect() {
      const waited = new Promise<number>((resolve) => child.once('message', resolve));
      child.send(port);
      const ms = await waited;
      child.kill();
      return ms;
    },
  };
}

/**
 * As many idle connections to one server process as the open-file limit allows, up to `target`:
 * their memory, the longest event-loop stall while idle for `idleMs` (pings included), the time one
 * broadcast takes to reach all and the stall it causes, and how long a client connecting during it waits.
 */
export async function crowd(name: string, server: ServerProcess, target: number, idleMs: number): Promise<CrowdResult> {
  const limit = fdLimit();
  const connections = Math.min(target, limit.soft - SPARE_FDS);
  const before = await memory(server);
  const connectStart = nowMicros();
  const crowd = await connectAll(server, connections, true);
  const connectSeconds = (nowMicros() - connectStart) / 1e6;
  const after = await memory(server);

  await loopDelayMs(server);
  await new Promise((resolve) => setTimeout(resolve, idleMs));
  const idleStallMs = await loopDelayMs(server);

  const late = await lateClient(server.port);
  await loopDelayMs(server);
  crowd.sent = 1;
  const first = crowd.firstReached();
  const all = crowd.until(1, connections, 120_000);
  const start = nowMicros();
  const sent = server.request({ type: 'send', from: 1, count: 1, pad: 60 });
  await first;
  const lateClientMs = late.connect();
  await all;
  const broadcastMs = (nowMicros() - start) / 1000;
  const broadcastStallMs = await loopDelayMs(server);
  const errors = deliveryErrors(crowd.connections, 1);
  crowd.close();
  return {
    server: name,
    target,
    connections,
    limitedBy: connections < target ? `open-file limit ${limit.soft} (hard ${limit.hard})` : undefined,
    connectSeconds,
    heapBytesPerConnection: (after.heapUsed - before.heapUsed) / connections,
    rssBytesPerConnection: (after.rss - before.rss) / connections,
    idleStallMs,
    broadcastMs,
    broadcastStallMs,
    sendMs: (await sent).elapsedMs ?? Number.NaN,
    lateClientMs: await lateClientMs,
    errors,
  };
}
