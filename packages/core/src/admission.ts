import { describe, readOptions } from './optionValues.js';

/**
 * Where an adapter finds the channel for a request: a channel, or a function of the request that
 * returns one, `undefined` when there is none (the request gets 404), or a promise of either.
 *
 * @example
 * const rooms = new Map<string, SseChannel>();
 * app.get('/rooms/:name/events', sse((req) => rooms.get(req.params.name)));
 */
export type ChannelSource<C, Req> = C | ((request: Req) => C | undefined | Promise<C | undefined>);

/**
 * Whether a request may connect, sync or async: `true` allows it; `false` refuses it with 403;
 * a number from 400 to 599 refuses it with that status. A throw refuses it with a bare 500.
 */
export type Authorize<Req> = (request: Req) => boolean | number | Promise<boolean | number>;

/** Options every framework adapter accepts besides the channel source. */
export interface AdapterOptions<Req> {
  /** Decides whether a request may connect; see {@link Authorize}. Not asked for CORS preflights (browsers send them without credentials). */
  authorize?: Authorize<Req>;
  /** Receives what the resolver or `authorize` threw; the client only gets a bare 500. Each adapter defaults to its framework's logger. */
  onError?: (error: unknown, request: Req) => void;
}

/** Finds the channel for a request, or the status that refuses it. */
export type Admit<C, Req> = (request: Req, method: string) => Promise<C | number>;

/**
 * Validates an adapter's arguments once, at construction, and returns the per-request check shared
 * by every adapter: authorize (skipped for `OPTIONS`), then find the channel. It resolves to the
 * channel, or to the refusal status: 403 or `authorize`'s own status, 404 for no channel, 500
 * when the resolver or `authorize` threw (reported to `onError`, never to the client).
 *
 * @throws TypeError naming the argument when `source` or an option has the wrong type.
 */
export function admission<C extends object, Req>(
  source: ChannelSource<C, Req>,
  options: AdapterOptions<Req> = {},
  defaultOnError: (error: unknown, request: Req) => void = () => {},
): Admit<C, Req> {
  if (typeof source !== 'function' && (typeof source !== 'object' || source === null)) {
    throw new TypeError(`channelOrResolver must be a channel or a function (got ${describe(source)})`);
  }
  const { authorize, onError = defaultOnError } = readOptions(options, 'options') as AdapterOptions<Req>;
  if (authorize !== undefined && typeof authorize !== 'function') {
    throw new TypeError(`authorize must be a function (got ${describe(authorize)})`);
  }
  if (typeof onError !== 'function') throw new TypeError(`onError must be a function (got ${describe(onError)})`);
  const find = (typeof source === 'function' ? source : () => source) as (request: Req) => C | undefined | Promise<C | undefined>;
  return async (request, method) => {
    try {
      if (authorize && method.toUpperCase() !== 'OPTIONS') {
        const verdict = await authorize(request);
        if (verdict !== true) return refusal(verdict);
      }
      return (await find(request)) ?? 404;
    } catch (error) {
      onError(error, request);
      return 500;
    }
  };
}

function refusal(verdict: unknown): number {
  if (typeof verdict !== 'number') return 403;
  if (Number.isInteger(verdict) && verdict >= 400 && verdict <= 599) return verdict;
  throw new RangeError(`authorize must return a boolean or a status from 400 to 599 (got ${describe(verdict)})`);
}
