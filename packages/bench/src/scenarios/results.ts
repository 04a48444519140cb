/** Server CPU per delivered event while every client receives `rounds` ticks of `perTick` events. */
export interface FanoutResult {
  server: string;
  clients: number;
  perTick: number;
  delivered: number;
  cpuMicrosPerEvent: number;
  /** The user-space part alone: what JavaScript costs, without the kernel's share of the writes. */
  userMicrosPerEvent: number;
  errors: number;
}

/** Memory each idle connection costs the server, after gc. */
export interface MemoryResult {
  server: string;
  clients: number;
  heapBytesPerConnection: number;
  externalBytesPerConnection: number;
  rssBytesPerConnection: number;
}

/** Send-to-receive latency of a steady stream of events. */
export interface LatencyResult {
  server: string;
  clients: number;
  eventsPerSecond: number;
  delivered: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
}

/** A steady stream, one event per tick: CPU per delivered event, latency, and the rates achieved. */
export interface SteadyResult {
  server: string;
  clients: number;
  /** The rate asked for. */
  eventsPerSecond: number;
  /** The rate the server's process managed to send at (lower when its event loop fell behind). */
  sentPerSecond: number;
  /** Deliveries (events × clients) per second, from the first send until every client had the last event. */
  deliveredPerSecond: number;
  cpuMicrosPerEvent: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
}

/** Many idle connections on one server process (C100k): memory, stalls, one broadcast to all. */
export interface CrowdResult {
  server: string;
  /** The connections aimed at, and those opened. */
  target: number;
  connections: number;
  /** Why fewer than `target` were opened. */
  limitedBy: string | undefined;
  connectSeconds: number;
  heapBytesPerConnection: number;
  rssBytesPerConnection: number;
  /** The longest event-loop stall while idle for longer than the ping interval (its pings included). */
  idleStallMs: number;
  /** From the send until every client has the event. */
  broadcastMs: number;
  /** How long the server's `send` took, its flush included (measured in the server). */
  sendMs: number;
  /** The longest event-loop stall during the broadcast. */
  broadcastStallMs: number;
  /** How long a client that connects once the broadcast has begun waits for its first bytes. */
  lateClientMs: number;
  errors: number;
}

/** Clients that never read beside clients that do: are the stalled ones cut in time, do the readers suffer? */
export interface StalledResult {
  server: string;
  stalled: number;
  readers: number;
  eventsPerSecond: number;
  eventBytes: number;
  seconds: number;
  /** Sockets closed while stalled, and those still stalled at the end. */
  cut: number;
  stillStalled: number;
  /** How long the stalls of the cut sockets had lasted, shortest and longest (ms), and the bound. */
  shortestCutMs: number;
  longestCutMs: number;
  boundMs: number;
  readersP50Ms: number;
  readersP99Ms: number;
  readerErrors: number;
  rssBeforeBytes: number;
  peakRssBytes: number;
}

/** RSS while some clients stop reading, and whether the others still receive everything. */
export interface SlowResult {
  server: string;
  clients: number;
  slowClients: number;
  bytesPerClient: number;
  rssGrowthBytes: number;
  readersComplete: boolean;
  slowClientsRemoved: number;
}

/** Everything one run measured. */
export interface BenchResults {
  date: string;
  machine: { cpu: string; cores: number; node: string; loadAverage: number[] };
  settings: Record<string, unknown>;
  /** Medians over the passes (`--repeat`). */
  fanout: FanoutResult[];
  memory: MemoryResult[];
  /** Every pass's own fan-out and memory results. */
  passes?: { fanout: FanoutResult[]; memory: MemoryResult[] };
  latency: LatencyResult[];
  slow: SlowResult[];
  /** Every pass of the steady stream (`--repeat`), in the order run. */
  steady?: SteadyResult[];
  crowd?: CrowdResult[];
  stalled?: StalledResult[];
  failures: string[];
}
