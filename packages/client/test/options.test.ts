import { describe, expect, it } from 'vitest';
import { createClient } from '../src/index.js';

describe('invalid options', () => {
  const cases: Array<[options: Record<string, unknown>, type: typeof TypeError | typeof RangeError, message: string]> = [
    [{ retryDelay: -1 }, RangeError, 'retryDelay must be an integer >= 0 (got -1)'],
    [{ retryDelay: 2.5 }, RangeError, 'retryDelay must be an integer >= 0 (got 2.5)'],
    [{ retryDelay: '1000' }, TypeError, 'retryDelay must be an integer >= 0 (got "1000")'],
    [{ maxRetryDelay: Number.NaN }, RangeError, 'maxRetryDelay must be an integer >= 0 (got NaN)'],
    [{ maxRetryDelay: null }, TypeError, 'maxRetryDelay must be an integer >= 0 (got null)'],
  ];
  it.each(cases)('refuses %o at construction, naming the option and the value', (options, type, message) => {
    const construct = () => createClient('http://127.0.0.1:9/', options);
    expect(construct).toThrow(type);
    expect(construct).toThrow(message);
  });

  it('throws a TypeError naming the url when Node is given a relative one (there is no page to resolve it against)', () => {
    const construct = () => createClient('/events');
    expect(construct).toThrow(TypeError);
    expect(construct).toThrow('url must be absolute, or relative to the page (got "/events")');
  });
});
