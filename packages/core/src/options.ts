import type { Backplane } from './Backplane.js';
import type { SseEvent } from './message.js';
import type { ConnectRequest } from './connect.js';
import type { CorsOptions } from './cors.js';
import { resolveFeatures, type ClientMetadata, type FeatureOptions, type ResolvedFeatures } from './featureOptions.js';

/** What a channel does with a client whose queue goes over `maxQueuedBytes`. */
export type SlowClientPolicy = 'disconnect' | 'drop-oldest';

/**
 * Options of `new SseChannel(options)`. Every invalid value throws at construction, naming the option.
 * `R` is the request type the channel's adapter passes (it reaches the per-connection options), `M` the clients' metadata.
 */
export interface SseChannelOptions<R = ConnectRequest, M extends object = ClientMetadata> extends FeatureOptions<R, M> {
  /** How many events with an id are kept for replay. Integer >= 0 (0 = no history). Default 500. */
  historySize?: number;
  /** Events to pre-load, oldest first; only events with an id are kept, the newest `historySize` of them. */
  history?: readonly SseEvent[];
  /** When set, every new client is first told `retry: N` (integer ms >= 0). */
  retryTimeout?: number | null;
  /** Milliseconds between keep-alive comments. `0` or `false` disables them. Default 20000. */
  pingInterval?: number | false;
  /** `JSON.stringify` every event's data. Default false (`String(data)`). */
  jsonEncode?: boolean;
  /** Cross-origin access; off by default (no CORS headers are sent, every origin is served). */
  cors?: CorsOptions | false;
  /**
   * Byte bound on what is queued for one client while its transport is congested. Default 1 MiB.
   * Over the bound, `slowClientPolicy` applies.
   */
  maxQueuedBytes?: number;
  /** `'disconnect'` (default: the client reconnects and catches up from history) or `'drop-oldest'`. */
  slowClientPolicy?: SlowClientPolicy;
  /**
   * Milliseconds a client's transport may refuse bytes without draining before the client is cut
   * (`slow-client` event), whatever it has queued: a peer that stopped reading is let go even while
   * the operating system's buffers still absorb what is sent to it. `0` turns it off. Default 30000.
   */
  stallTimeout?: number;
  /**
   * The most clients the channel serves at once; a request over it is answered `503` with a
   * `Retry-After` header (the `retryTimeout` in seconds, rounded up, or 5). Default: no limit.
   */
  maxClients?: number;
  /**
   * Shares the channel with other processes: broadcasts, their ids and the history go through the
   * backplane (such as `@sse-channel/redis`). Default none: the channel is in-memory.
   */
  backplane?: Backplane;
}

/** Options after validation, with defaults applied. */
export interface ResolvedOptions<R = ConnectRequest, M extends object = ClientMetadata> extends ResolvedFeatures<R, M> {
  historySize: number;
  history: readonly SseEvent[];
  retryTimeout: number | undefined;
  pingInterval: number;
  jsonEncode: boolean;
  cors: CorsOptions | undefined;
  maxQueuedBytes: number;
  slowClientPolicy: SlowClientPolicy;
  stallTimeout: number;
  maxClients: number;
  backplane: Backplane | undefined;
}

/** Validates options and applies defaults. */
export function resolveOptions<R, M extends object>(options: SseChannelOptions<R, M> = {}): ResolvedOptions<R, M> {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`options must be an object (got ${describe(options)})`);
  }
  const { historySize = 500, history = [], retryTimeout, pingInterval = 20000, jsonEncode = false } = options;
  const { cors, maxQueuedBytes = 1024 * 1024, slowClientPolicy = 'disconnect', stallTimeout = 30000, maxClients } = options;
  checkInteger('historySize', historySize, 0);
  if (!Array.isArray(history) || history.some((event) => typeof event !== 'object' || event === null)) {
    throw new TypeError(`history must be an array of event objects (got ${describe(history)})`);
  }
  if (retryTimeout !== undefined && retryTimeout !== null) checkInteger('retryTimeout', retryTimeout, 0);
  if (pingInterval !== false) checkInteger('pingInterval', pingInterval, 0);
  if (typeof jsonEncode !== 'boolean') {
    throw new TypeError(`jsonEncode must be a boolean (got ${describe(jsonEncode)})`);
  }
  checkInteger('maxQueuedBytes', maxQueuedBytes, 1);
  checkInteger('stallTimeout', stallTimeout, 0);
  if (maxClients !== undefined) checkInteger('maxClients', maxClients, 1);
  if (slowClientPolicy !== 'disconnect' && slowClientPolicy !== 'drop-oldest') {
    throw new RangeError(`slowClientPolicy must be 'disconnect' or 'drop-oldest' (got ${describe(slowClientPolicy)})`);
  }
  return {
    backplane: checkBackplane(options),
    historySize,
    history,
    retryTimeout: retryTimeout ?? undefined,
    pingInterval: pingInterval === false ? 0 : pingInterval,
    jsonEncode,
    cors: checkCors(cors),
    maxQueuedBytes,
    slowClientPolicy,
    stallTimeout,
    maxClients: maxClients ?? Infinity,
    ...resolveFeatures(options),
  };
}

/** Throws unless `value` is an integer >= `min`, naming the option and the value. */
export function checkInteger(name: string, value: unknown, min: number): asserts value is number {
  if (typeof value !== 'number') {
    throw new TypeError(`${name} must be an integer >= ${min} (got ${describe(value)})`);
  }
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`${name} must be an integer >= ${min} (got ${describe(value)})`);
  }
}

function checkBackplane<R, M extends object>(options: SseChannelOptions<R, M>): Backplane | undefined {
  const { backplane } = options;
  if (backplane === undefined) return undefined;
  const methods = ['open', 'publish', 'replay'] as const;
  if (typeof backplane !== 'object' || backplane === null || methods.some((name) => typeof (backplane as Backplane)[name] !== 'function')) {
    throw new TypeError(`backplane must be an object with open, publish and replay methods (got ${describe(backplane)})`);
  }
  // These shape the local history, which a backplane replaces with its own.
  for (const name of ['history', 'historyMaxAge', 'firstConnect'] as const) {
    const value = options[name];
    if (value !== undefined && value !== 'none' && value !== 0 && !(Array.isArray(value) && value.length === 0)) {
      throw new RangeError(`${name} cannot be used with a backplane: the history lives in the backplane (got ${describe(value)})`);
    }
  }
  return backplane as Backplane;
}

function checkCors(cors: unknown): CorsOptions | undefined {
  if (cors === undefined || cors === null || cors === false) return undefined;
  if (typeof cors !== 'object') throw new TypeError(`cors must be an object or false (got ${describe(cors)})`);
  const { origins, credentials, headers } = cors as CorsOptions;
  const originsValid = origins === '*' || (Array.isArray(origins) && origins.every((o) => typeof o === 'string'));
  if (!originsValid) {
    throw new TypeError(`cors.origins must be '*' or an array of origin strings (got ${describe(origins)})`);
  }
  if (credentials !== undefined && typeof credentials !== 'boolean') {
    throw new TypeError(`cors.credentials must be a boolean (got ${describe(credentials)})`);
  }
  if (credentials && origins === '*') {
    // Echoing every origin with credentials would let any site read a signed-in user's stream.
    throw new RangeError("cors.credentials needs a list of cors.origins, not '*'");
  }
  if (headers !== undefined && !(Array.isArray(headers) && headers.every((h) => typeof h === 'string'))) {
    throw new TypeError(`cors.headers must be an array of header names (got ${describe(headers)})`);
  }
  return cors as CorsOptions;
}

/** A short, printable form of any value for error messages. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return 'an array';
  if (value === null || typeof value !== 'object') return String(value);
  return 'an object';
}
