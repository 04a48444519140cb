import { checkFirstConnect, type FirstConnectOption } from './firstConnect.js';
import type { Lifetime } from './lifetime.js';
import { checkBoolean, checkInteger, describe, MAX_TIMER_DELAY } from './optionValues.js';

/** What a client carries for the application (user id, tenant…), set at connect by the `metadata` option. */
export type ClientMetadata = Record<string, unknown>;

/** The default name of the event that tells a client its Last-Event-ID is no longer in history. */
export const RESET_EVENT = 'sse-channel:reset';

/**
 * Channel options for the production features. Every per-connection choice is a function of the
 * request (`R`: whatever the adapter passes to `attach`), so every adapter offers it unchanged.
 */
export interface FeatureOptions<R, M extends object> {
  /**
   * Give every broadcast event without an `id` (plain strings included) an increasing integer id.
   * Ids continue after the greatest integer id pre-loaded or sent, so they never go backwards
   * across a restart that pre-loads history. Default false.
   */
  autoId?: boolean;
  /** Milliseconds an event stays in history, besides `historySize`. `0` (default) keeps events regardless of age. */
  historyMaxAge?: number;
  /**
   * What a client with no Last-Event-ID is replayed: `'none'` (default), `'all'` kept events, or
   * the newest N; or a function of the request returning one of those.
   */
  firstConnect?: FirstConnectOption<R>;
  /**
   * Name of the event sent before the replay to a client whose Last-Event-ID is no longer in
   * history (its data is that id), so it can reload its state. `false` sends none. Default `'sse-channel:reset'`.
   */
  resetEvent?: string | false;
  /** Computes a client's `metadata` from its request when it connects. */
  metadata?: (request: R) => M;
  /**
   * Milliseconds after which a connection is closed (the client reconnects and resumes from
   * history), so connections move to new servers after a deploy. `0` (default) keeps them open.
   */
  maxLifetime?: number;
  /** Milliseconds by which each connection's lifetime is randomly shortened, spreading reconnects. Default a tenth of `maxLifetime`. */
  lifetimeJitter?: number;
}

/** Feature options after validation, with defaults applied. */
export interface ResolvedFeatures<R, M extends object> {
  autoId: boolean;
  historyMaxAge: number;
  firstConnect: FirstConnectOption<R>;
  resetEvent: string | undefined;
  metadata: ((request: R) => M) | undefined;
  lifetime: Lifetime;
}

/** Validates the feature options (a plain copy, read once) and applies defaults. */
export function resolveFeatures<R, M extends object>(options: FeatureOptions<R, M>): ResolvedFeatures<R, M> {
  const { autoId = false, historyMaxAge = 0, firstConnect = 'none', resetEvent = RESET_EVENT, metadata } = options;
  if (typeof firstConnect !== 'function') checkFirstConnect('firstConnect', firstConnect);
  if (resetEvent !== false && (typeof resetEvent !== 'string' || resetEvent === '' || /[\r\n\0]/.test(resetEvent))) {
    throw new TypeError(`resetEvent must be an event name without CR, LF or NUL, or false (got ${describe(resetEvent)})`);
  }
  if (metadata !== undefined && typeof metadata !== 'function') {
    throw new TypeError(`metadata must be a function of the request (got ${describe(metadata)})`);
  }
  // The channel timer beats at a fraction of the lifetime: it must stay a delay timers honour.
  const maxLifetime = checkInteger('maxLifetime', options.maxLifetime === undefined ? 0 : options.maxLifetime, 0, MAX_TIMER_DELAY);
  const { lifetimeJitter = Math.floor(maxLifetime / 10) } = options;
  const jitter = checkInteger('lifetimeJitter', lifetimeJitter, 0);
  if (jitter > maxLifetime) {
    throw new RangeError(`lifetimeJitter must not exceed maxLifetime (got ${jitter} > ${maxLifetime})`);
  }
  return {
    autoId: checkBoolean('autoId', autoId),
    historyMaxAge: checkInteger('historyMaxAge', historyMaxAge, 0),
    firstConnect,
    resetEvent: resetEvent === false ? undefined : resetEvent,
    metadata,
    lifetime: { max: maxLifetime, jitter },
  };
}
