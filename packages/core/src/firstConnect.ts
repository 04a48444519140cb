import { describe } from './optionValues.js';

/**
 * What a client with no Last-Event-ID gets from history: `'none'` (nothing), `'all'` (everything
 * kept) or a number N (the newest N events).
 */
export type FirstConnect = 'none' | 'all' | number;

/** `firstConnect` as a channel option: one policy, or a function of the request choosing one per connection. */
export type FirstConnectOption<R> = FirstConnect | ((request: R) => FirstConnect);

/** Throws unless `value` is a first-connect policy, naming `name` and the value. */
export function checkFirstConnect(name: string, value: unknown): FirstConnect {
  if (value === 'none' || value === 'all') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  throw new RangeError(`${name} must be 'none', 'all' or an integer >= 0 (got ${describe(value)})`);
}

/** The policy for one request. @throws RangeError when a policy function returns something else. */
export function firstConnectFor<R>(option: FirstConnectOption<R>, request: R): FirstConnect {
  return typeof option === 'function' ? checkFirstConnect('firstConnect', option(request)) : option;
}
