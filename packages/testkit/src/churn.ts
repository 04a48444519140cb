import { connect, type Socket } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { waitFor } from './waitFor.js';

/**
 * How a client leaves: `clean` ends its socket after the stream opened; `abrupt` resets it;
 * `mid-replay` resets it while a large history replay is still being written; `congested` stops
 * reading, lets big events pile up on the server (some over `maxQueuedBytes`, so the server drops
 * it too), then leaves.
 */
export type ChurnKind = 'clean' | 'abrupt' | 'mid-replay' | 'congested';

/** What the churn driver uses of a channel: every adapter's channel has it. */
export interface ChurnChannel {
  send(message: string | { id?: string | number; data?: unknown }): void;
  getConnectionCount(): number;
  /** Core's `accept`, wrapped while churning so every answer, client, sink, handle and request is watched. */
  accept(...args: never[]): Answer;
}

/** What the churn driver uses of core's `ConnectAnswer`. */
interface Answer {
  open(...args: never[]): object;
}

export interface ChurnOptions {
  /** Cycles of each kind, run one kind after the other. */
  cycles: Partial<Record<ChurnKind, number>>;
  /** Cycles in flight at once. Default 25. */
  concurrency?: number;
  /** Events of 8 KiB sent with an id before the `mid-replay` cycles, replayed to each of them. Default 100. */
  historyEvents?: number;
}

/** Watches objects without keeping them alive, and counts those the garbage collector has not freed. */
export class LeakWatch {
  private readonly refs: Array<WeakRef<object>> = [];

  watch(value: unknown): void {
    if (typeof value === 'object' && value !== null) this.refs.push(new WeakRef(value));
  }

  get watched(): number {
    return this.refs.length;
  }

  /**
   * How many watched objects survive full garbage collections. The last connections' objects can be
   * held for a moment by I/O callbacks still in flight, so it collects again for up to `settle` ms
   * before it counts a survivor: a real leak survives them all.
   */
  async alive(settle = 2000): Promise<number> {
    const deadline = Date.now() + settle;
    for (;;) {
      await collectGarbage();
      const alive = this.refs.filter((ref) => ref.deref() !== undefined).length;
      if (alive === 0 || Date.now() > deadline) return alive;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

let gc: (() => void) | undefined;

/** Runs full garbage collections, letting finalization and pending callbacks run between them. */
export async function collectGarbage(): Promise<void> {
  gc ??= exposedGc();
  for (let round = 0; round < 4; round++) {
    await new Promise((resolve) => setImmediate(resolve));
    gc();
  }
}

/** `gc()` as node's --expose-gc gives it; without the flag, set it now: it applies to contexts made afterwards. */
function exposedGc(): () => void {
  const global = globalThis as { gc?: () => void };
  if (typeof global.gc === 'function') return global.gc;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/**
 * Connects and disconnects clients to the SSE endpoint at `url` in every way a client can leave,
 * while watching every client object the channel creates (answer, client, sink, handle, request)
 * and every timer created meanwhile. Resolves once every cycle is done and the channel counts no
 * connection; the returned watch tells how many of those objects are still alive. A pending timer
 * stays reachable from node's timer list, so a timer nobody cleared counts as alive.
 */
export async function churn(url: string, channel: ChurnChannel, options: ChurnOptions): Promise<LeakWatch> {
  const watch = new LeakWatch();
  const accept = channel.accept;
  const ownAccept = Object.hasOwn(channel, 'accept');
  channel.accept = (...args: never[]): Answer => {
    const answer = accept.apply(channel, args);
    for (const arg of [answer, ...args]) watch.watch(arg);
    return {
      ...answer,
      open: (...sink: never[]) => {
        const client = answer.open(...sink);
        for (const value of [client, ...sink]) watch.watch(value);
        return client;
      },
    };
  };
  const { setInterval: startInterval, setTimeout: startTimeout } = globalThis;
  globalThis.setInterval = watching(startInterval, watch) as typeof setInterval;
  globalThis.setTimeout = watching(startTimeout, watch) as typeof setTimeout;
  try {
    const target = new URL(url);
    const concurrency = options.concurrency ?? 25;
    const history = options.historyEvents ?? 100;
    const { clean = 0, abrupt = 0, congested = 0 } = options.cycles;
    const midReplay = options.cycles['mid-replay'] ?? 0;
    await pool(clean, concurrency, () => leaveOpenStream(target, (socket) => socket.end()));
    await pool(abrupt, concurrency, () => leaveOpenStream(target, (socket) => socket.resetAndDestroy()));
    if (midReplay > 0) {
      const data = 'h'.repeat(8 * 1024);
      for (let id = 1; id <= history; id++) channel.send({ id, data });
      await pool(midReplay, concurrency, () => leaveDuringReplay(target));
    }
    for (let batch = 0, done = 0; done < congested; batch++) {
      const size = Math.min(concurrency, congested - done);
      await congestBatch(target, channel, size, batch % 2 === 1);
      done += size;
    }
    await waitFor(() => channel.getConnectionCount() === 0, 10_000, 'the channel to count no connection');
  } finally {
    if (ownAccept) channel.accept = accept;
    else delete (channel as Partial<ChurnChannel>).accept;
    globalThis.setInterval = startInterval;
    globalThis.setTimeout = startTimeout;
  }
  return watch;
}

/** A timer function that hands every timer it creates to `watch`. */
function watching<A extends unknown[], T extends object>(start: (...args: A) => T, watch: LeakWatch): (...args: A) => T {
  const wrapped = (...args: A): T => {
    const timer = start(...args);
    watch.watch(timer);
    return timer;
  };
  return Object.assign(wrapped, start);
}

/** Runs `count` cycles, `concurrency` at a time. */
async function pool(count: number, concurrency: number, cycle: () => Promise<void>): Promise<void> {
  let started = 0;
  const worker = async () => {
    while (started < count) {
      started++;
      await cycle();
    }
  };
  await Promise.all(Array.from({ length: Math.min(count, concurrency) }, worker));
}

/** An SSE request over a raw socket; `opened` resolves once the stream's `:ok` comment arrived. */
function request(target: URL, headers = ''): { socket: Socket; opened: Promise<void>; closed: Promise<void> } {
  const socket = connect(Number(target.port), target.hostname);
  socket.write(`GET ${target.pathname}${target.search} HTTP/1.1\r\nHost: ${target.host}\r\n${headers}\r\n`);
  let received = '';
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  const opened = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no :ok from ${target.href}; got ${JSON.stringify(received.slice(0, 300))}`)), 10_000);
    const onData = (data: Buffer) => {
      received += data.toString('latin1');
      if (!received.includes(':ok\n\n')) return;
      clearTimeout(timer);
      socket.off('data', onData);
      resolve();
    };
    socket.on('data', onData);
    socket.once('close', () => {
      clearTimeout(timer);
      reject(new Error(`closed before :ok; got ${JSON.stringify(received.slice(0, 300))}`));
    });
  });
  // Resets are the point of these tests; a socket error only means the server went first.
  socket.on('error', () => undefined);
  return { socket, opened, closed };
}

async function leaveOpenStream(target: URL, leave: (socket: Socket) => void): Promise<void> {
  const { socket, opened, closed } = request(target);
  await opened;
  leave(socket);
  await closed;
}

async function leaveDuringReplay(target: URL): Promise<void> {
  const { socket, opened, closed } = request(target, 'Last-Event-ID: 0\r\n');
  await opened;
  // Unread replay bytes make the kernel answer with a reset.
  socket.destroy();
  await closed;
}

const CONGESTING_EVENT = 'c'.repeat(512 * 1024);

async function congestBatch(target: URL, channel: ChurnChannel, size: number, overflow: boolean): Promise<void> {
  const clients = Array.from({ length: size }, () => request(target));
  await Promise.all(clients.map((client) => client.opened));
  for (const { socket } of clients) socket.pause();
  // A reader that stopped still takes ~4 MiB into kernel buffers: 5 MiB leaves bytes pending on the
  // server; 8 MiB also goes over the default 1 MiB queue bound, so the server drops the client first.
  for (let sent = 0; sent < (overflow ? 16 : 10); sent++) {
    channel.send(CONGESTING_EVENT);
    await new Promise((resolve) => setImmediate(resolve));
  }
  clients.forEach(({ socket }, index) => (index % 2 === 0 ? socket.resetAndDestroy() : socket.destroy()));
  await Promise.all(clients.map((client) => client.closed));
}
