import type { NatsConnection } from '@nats-io/transport-node';
import { channelNames, type ChannelNames } from './names.js';

/** Options of `natsBackplane(options)`. */
export interface NatsBackplaneOptions {
  /** The channel's name: processes that use the same name (and prefix) share one channel. */
  channel: string;
  /**
   * Where NATS is, when no `connection` is given: one URL or several of one cluster
   * (`nats://host:4222`, `tls://host:4222` or `host:4222`). Default `nats://127.0.0.1:4222`.
   */
  servers?: string | string[];
  /**
   * A connection the application already has (from `connect()` of `@nats-io/transport-node`),
   * used instead of one of the backplane's own: several channels can share it. The backplane never
   * closes it. Connect it with `maxReconnectAttempts: -1`, as the backplane's own connection is: by
   * default the client gives up after 10 attempts, and the backplane with it.
   */
  connection?: NatsConnection;
  /**
   * Begins the name of the channel's stream (`<prefix>_<channel>`) and of its subjects
   * (`<prefix>.<channel>`): ASCII letters, digits and `-`. Default `sse-channel`.
   */
  prefix?: string;
  /** Milliseconds events stay in the shared history (on top of `historySize`). Default 0: no time limit. */
  retention?: number;
  /**
   * The stream keeps at least this many events even when `historySize` is smaller (its `max_msgs`
   * is the greater of the two): live delivery reads the stream, so a process that falls further
   * behind the senders than this misses events (`gap`). Replays still see only `historySize`.
   * Default 1000.
   */
  minStreamMessages?: number;
  /**
   * How many events without an id a process holds while the kept events sent before them have not
   * reached it yet. Over it the oldest are dropped (`resync` event). Default 10000.
   */
  maxPendingEvents?: number;
}

/** Options after validation, with defaults applied. */
export interface ResolvedNatsOptions {
  names: ChannelNames;
  servers: string[];
  connection: NatsConnection | undefined;
  retention: number;
  minStreamMessages: number;
  maxPendingEvents: number;
}

const SERVER = /^((nats|tls):\/\/)?[^\s/]+:\d+$|^(nats|tls):\/\/[^\s/:]+$/;
const PREFIX = /^[A-Za-z0-9-]+$/;

function show(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

/** Validates options and applies defaults. */
export function resolveNatsOptions(options: NatsBackplaneOptions): ResolvedNatsOptions {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`options must be an object with a channel name (got ${String(options)})`);
  }
  const { channel, servers = 'nats://127.0.0.1:4222', connection, prefix = 'sse-channel', retention = 0, minStreamMessages = 1000, maxPendingEvents = 10000 } = options;
  if (typeof channel !== 'string' || channel === '') throw new TypeError(`channel must be a non-empty string (got ${show(channel)})`);
  const list = Array.isArray(servers) ? servers : [servers];
  if (list.length === 0 || !list.every((server) => typeof server === 'string' && SERVER.test(server))) {
    throw new TypeError(`servers must be a nats:// or tls:// URL or host:port, or a non-empty array of them (got ${show(servers)})`);
  }
  if (connection !== undefined && (typeof connection !== 'object' || connection === null || typeof connection.subscribe !== 'function' || typeof connection.status !== 'function')) {
    throw new TypeError('connection must be a NATS connection (from connect())');
  }
  if (connection !== undefined && options.servers !== undefined) throw new TypeError('give servers or connection, not both');
  if (typeof prefix !== 'string' || !PREFIX.test(prefix)) {
    throw new TypeError(`prefix must be ASCII letters, digits and - (got ${show(prefix)})`);
  }
  if (!Number.isSafeInteger(retention) || retention < 0) {
    throw new RangeError(`retention must be an integer >= 0 (ms) (got ${String(retention)})`);
  }
  if (!Number.isSafeInteger(minStreamMessages) || minStreamMessages < 1) {
    throw new RangeError(`minStreamMessages must be an integer >= 1 (got ${String(minStreamMessages)})`);
  }
  if (!Number.isSafeInteger(maxPendingEvents) || maxPendingEvents < 1) {
    throw new RangeError(`maxPendingEvents must be an integer >= 1 (got ${String(maxPendingEvents)})`);
  }
  return { names: channelNames(prefix, channel), servers: list, connection, retention, minStreamMessages, maxPendingEvents };
}
