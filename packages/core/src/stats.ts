/** A snapshot of a channel's activity, from `channel.stats()`. Counters count since the channel was created. */
export interface ChannelStats {
  /** Clients connected now. */
  clients: number;
  /** Clients that have connected, in all. */
  connections: number;
  /** Calls to `send` (broadcast, targeted or per client). */
  eventsSent: number;
  /** Bytes handed to the clients' transports. */
  bytesSent: number;
  /** Connections that were replayed at least one event from history. */
  replays: number;
  /** Events replayed from history, in all. */
  replayedEvents: number;
  /** Clients told their Last-Event-ID was no longer in history. */
  resets: number;
  /** Clients disconnected for going over `maxQueuedBytes` (policy `disconnect`). */
  slowClientDrops: number;
  /** Bytes dropped from slow clients' queues (policy `drop-oldest`). */
  droppedBytes: number;
  /** Clients closed at the end of their `maxLifetime`. */
  expiredConnections: number;
  /** Events kept in history now. */
  historySize: number;
}

/** The counters behind `ChannelStats`, incremented where things happen. */
export class StatsCounters {
  connections = 0;
  eventsSent = 0;
  bytesSent = 0;
  replays = 0;
  replayedEvents = 0;
  resets = 0;
  slowClientDrops = 0;
  droppedBytes = 0;
  expiredConnections = 0;

  /** Counts a connection and what it was replayed. */
  countConnect(replay: { replayed: number; reset: boolean }): void {
    this.connections++;
    if (replay.replayed > 0) this.replays++;
    this.countReplay(replay);
  }

  /** Counts what a client was replayed (at connect, or later through `sendEventsSinceId`). */
  countReplay(replay: { replayed: number; reset: boolean }): void {
    this.replayedEvents += replay.replayed;
    if (replay.reset) this.resets++;
  }

  /** Counts a slow client: disconnected, or `bytes` dropped from its queue. */
  countOverflow(bytes: number, dropped: boolean): void {
    if (dropped) this.droppedBytes += bytes;
    else this.slowClientDrops++;
  }

  /** A snapshot with the current client count and history size. */
  snapshot(clients: number, historySize: number): ChannelStats {
    return { clients, ...this, historySize };
  }
}
