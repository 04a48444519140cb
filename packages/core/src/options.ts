import type { Backplane } from './Backplane.js';
import type { SseEvent } from './message.js';
import type { ConnectRequest } from './connect.js';
import type { CorsOptions } from './cors.js';
import { toWireEvent } from './encodeEvent.js';
import { resolveFeatures, type ClientMetadata, type FeatureOptions, type ResolvedFeatures } from './featureOptions.js';
import { arrayItems, checkBoolean, checkInteger, describe, isArray, MAX_TIMER_DELAY, readOptions, readProperty } from './optionValues.js';

/** The longest flush window: beyond a second, events would read as late rather than batched. */
const MAX_FLUSH_INTERVAL = 1000;

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
  /**
   * Milliseconds a tick stays open for more events: the events sent within it reach each client as
   * one write when it ends (one timer per window, not pushed back by later sends), so this is the
   * latency it adds, at most. Worth it when many independent sources send one event per tick.
   * A client's first bytes and its Last-Event-ID replay are never held by it; `close()` and
   * `removeClient` write what it holds first. Integer from 0 to 1000. Default 0: the events of one
   * tick go out in the next microtask.
   */
  flushInterval?: number;
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
  flushInterval: number;
  jsonEncode: boolean;
  cors: CorsOptions | undefined;
  maxQueuedBytes: number;
  slowClientPolicy: SlowClientPolicy;
  stallTimeout: number;
  maxClients: number;
  backplane: Backplane | undefined;
}

/**
 * Validates options and applies defaults. Each option is read once; nothing is kept of the objects
 * passed (history events, `cors` and its arrays are copied), so changing them later changes nothing.
 *
 * @throws TypeError or RangeError naming the option (its path, such as `cors.origins[1]`) and showing the value.
 */
export function resolveOptions<R, M extends object>(options: SseChannelOptions<R, M> = {}): ResolvedOptions<R, M> {
  const values = readOptions(options, 'options');
  const { historySize = 500, history = [], retryTimeout, pingInterval = 20000, flushInterval = 0, jsonEncode = false } = values;
  const { cors, maxQueuedBytes = 1024 * 1024, slowClientPolicy = 'disconnect', stallTimeout = 30000, maxClients } = values;
  const json = checkBoolean('jsonEncode', jsonEncode);
  const events = arrayItems(history, 'history', 'an array of event objects', 'an event object');
  if (slowClientPolicy !== 'disconnect' && slowClientPolicy !== 'drop-oldest') {
    throw new RangeError(`slowClientPolicy must be 'disconnect' or 'drop-oldest' (got ${describe(slowClientPolicy)})`);
  }
  const resolved: ResolvedOptions<R, M> = {
    backplane: undefined,
    historySize: checkInteger('historySize', historySize, 0),
    history: keptEvents(events, json),
    retryTimeout: retryTimeout === undefined || retryTimeout === null ? undefined : checkInteger('retryTimeout', retryTimeout, 0),
    pingInterval: pingInterval === false ? 0 : checkInteger('pingInterval', pingInterval, 0, MAX_TIMER_DELAY),
    flushInterval: checkInteger('flushInterval', flushInterval, 0, MAX_FLUSH_INTERVAL),
    jsonEncode: json,
    cors: checkCors(cors),
    maxQueuedBytes: checkInteger('maxQueuedBytes', maxQueuedBytes, 1),
    slowClientPolicy,
    stallTimeout: checkInteger('stallTimeout', stallTimeout, 0, MAX_TIMER_DELAY),
    maxClients: maxClients === undefined ? Infinity : checkInteger('maxClients', maxClients, 1),
    ...resolveFeatures(values as FeatureOptions<R, M>),
  };
  resolved.backplane = checkBackplane(values.backplane, events, resolved);
  return resolved;
}

/**
 * The pre-loaded events that enter history (those with an id), each copied and checked by framing
 * it as the channel will: an event that could not be sent is refused here, not half-loaded.
 */
function keptEvents(items: unknown[], jsonEncode: boolean): SseEvent[] {
  const kept: SseEvent[] = [];
  items.forEach((item, index) => {
    const path = `history[${index}]`;
    if (typeof item !== 'object' || item === null || isArray(item)) {
      throw new TypeError(`${path} must be an event object (got ${describe(item)})`);
    }
    const event: SseEvent = {};
    for (const field of ['id', 'event', 'retry', 'data'] as const) {
      const value = readProperty(item, field, `${path}.${field}`);
      if (value !== undefined) (event as Record<string, unknown>)[field] = value;
    }
    if (!event.id) return;
    try {
      toWireEvent(event, jsonEncode);
    } catch (error) {
      throw new TypeError(`${path} is not a valid event: ${(error as Error).message}`);
    }
    kept.push(event);
  });
  return kept;
}

function checkBackplane<R, M extends object>(backplane: unknown, history: unknown[], resolved: ResolvedOptions<R, M>): Backplane | undefined {
  if (backplane === undefined) return undefined;
  const methods = ['open', 'publish', 'replay'] as const;
  if (typeof backplane !== 'object' || backplane === null || methods.some((name) => typeof readProperty(backplane, name, `backplane.${name}`) !== 'function')) {
    throw new TypeError(`backplane must be an object with open, publish and replay methods (got ${describe(backplane)})`);
  }
  // These shape the local history, which a backplane replaces with its own.
  const local: Array<[string, unknown, boolean]> = [
    ['history', 'an array', history.length > 0],
    ['historyMaxAge', resolved.historyMaxAge, resolved.historyMaxAge !== 0],
    ['firstConnect', resolved.firstConnect, resolved.firstConnect !== 'none' && resolved.firstConnect !== 0],
  ];
  for (const [name, value, used] of local) {
    if (used) throw new RangeError(`${name} cannot be used with a backplane: the history lives in the backplane (got ${name === 'history' ? value : describe(value)})`);
  }
  return backplane as Backplane;
}

/** A browser's `Origin`: scheme, host and optional port, no path (no trailing slash); or the opaque `null`. */
const ORIGIN = /^(null|[a-z][a-z0-9+.-]*:\/\/[^/?#\s\0]+)$/i;
/** An HTTP header name (an RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9a-z-]+$/i;

function checkCors(cors: unknown): CorsOptions | undefined {
  if (cors === undefined || cors === null || cors === false) return undefined;
  if (typeof cors !== 'object' || isArray(cors)) throw new TypeError(`cors must be an object or false (got ${describe(cors)})`);
  const { origins, credentials, headers } = readOptions(cors, 'cors', 'cors.');
  const allowed = origins === '*' ? '*' : strings(origins, 'cors.origins', "'*' or an array of origin strings", 'an origin such as "https://app.example", without a path', ORIGIN);
  if (credentials !== undefined && typeof credentials !== 'boolean') {
    throw new TypeError(`cors.credentials must be a boolean (got ${describe(credentials)})`);
  }
  if (credentials && allowed === '*') {
    // Echoing every origin with credentials would let any site read a signed-in user's stream.
    throw new RangeError("cors.credentials needs a list of cors.origins, not '*'");
  }
  const result: CorsOptions = { origins: allowed };
  if (credentials !== undefined) result.credentials = credentials;
  if (headers !== undefined) result.headers = strings(headers, 'cors.headers', 'an array of header names', 'a header name', HEADER_NAME);
  return Object.freeze(result);
}

/** A frozen copy of an array of strings that each match `pattern`. */
function strings(value: unknown, path: string, expected: string, item: string, pattern: RegExp): readonly string[] {
  const items = arrayItems(value, path, expected, item);
  items.forEach((text, index) => {
    if (typeof text !== 'string' || !pattern.test(text)) throw new TypeError(`${path}[${index}] must be ${item} (got ${describe(text)})`);
  });
  return Object.freeze(items as string[]);
}
