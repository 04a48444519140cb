/** What the bench process asks a server process over IPC. Every command gets one reply with its `id`. */
export type Command =
  | { id: number; type: 'count' }
  | { id: number; type: 'cpu' }
  | { id: number; type: 'memory'; gc: boolean }
  | { id: number; type: 'send'; from: number; count: number; pad: number }
  | { id: number; type: 'stream'; from: number; count: number; intervalMs: number; pad: number }
  | { id: number; type: 'steady'; from: number; perSecond: number; seconds: number; pad: number }
  | { id: number; type: 'watch-rss' }
  | { id: number; type: 'loop-delay' }
  | { id: number; type: 'stalls' }
  | { id: number; type: 'exit' };

/** The reply to a command. */
export interface Reply {
  id: number;
  count?: number;
  cpu?: NodeJS.CpuUsage;
  memory?: NodeJS.MemoryUsage;
  peakRss?: number;
  /** How long a `send` took (its flush included), or a `steady` stream to send its `count` events. */
  elapsedMs?: number;
  /** The longest event-loop delay since the previous `loop-delay` command (ms, 10 ms resolution). */
  loopDelayMaxMs?: number;
  /** How long each socket closed while stalled had been stalled (ms), and how many are stalled now. */
  stalls?: { cutAfterMs: number[]; stalled: number };
}

/** The first message of a server process: it listens on `port`. */
export interface Ready {
  type: 'ready';
  port: number;
}

/** Microseconds on the machine's monotonic clock, comparable between processes. */
export function nowMicros(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

/** The data of event `seq`: its number, when it was sent, and padding to the wanted size. */
export function eventData(seq: number, pad: string): string {
  return `${seq} ${nowMicros()} ${pad}`;
}
