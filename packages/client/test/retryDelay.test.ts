import { describe, expect, it } from 'vitest';
import { isRetried, retryAfter, retryDelay } from '../src/retryDelay.js';

describe('retryDelay', () => {
  const lowest = () => 0;
  const highest = () => 0.999999;

  it('waits the reconnection delay itself after the first failure, as retry: asks', () => {
    expect(retryDelay(1, 1500, 30_000, highest)).toBe(1500);
    expect(retryDelay(1, 1500, 30_000, lowest)).toBe(1500);
  });

  it('doubles after each further failure, with up to half taken off at random', () => {
    expect([2, 3, 4].map((failures) => retryDelay(failures, 1000, 30_000, lowest))).toEqual([1000, 2000, 4000]);
    expect([2, 3, 4].map((failures) => Math.round(retryDelay(failures, 1000, 30_000, highest)))).toEqual([2000, 4000, 8000]);
  });

  it('never waits longer than maxDelay', () => {
    expect(retryDelay(50, 1000, 30_000, highest)).toBeLessThanOrEqual(30_000);
    expect(retryDelay(50, 1000, 30_000, lowest)).toBe(15_000);
  });

  it('keeps a server delay longer than maxDelay as the cap', () => {
    expect(retryDelay(1, 60_000, 30_000)).toBe(60_000);
    expect(retryDelay(5, 60_000, 30_000, highest)).toBeLessThanOrEqual(60_000);
  });
});

describe('retryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');

  it('reads delay-seconds', () => {
    expect(retryAfter('120', now)).toBe(120_000);
    expect(retryAfter('0', now)).toBe(0);
  });

  it('reads an HTTP date as the wait until then, and a past date as no wait', () => {
    expect(retryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(retryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
  });

  it('ignores an absent or unreadable header', () => {
    expect(retryAfter(null, now)).toBeUndefined();
    expect(retryAfter('soon', now)).toBeUndefined();
    expect(retryAfter('-5', now)).toBeUndefined();
  });
});

describe('isRetried', () => {
  it('retries 408, 429 and 5xx, and no other status', () => {
    expect([408, 429, 500, 502, 503, 504].map(isRetried)).toEqual([true, true, true, true, true, true]);
    expect([200, 204, 301, 400, 401, 403, 404, 410].map(isRetried)).toEqual([false, false, false, false, false, false, false, false]);
  });
});
