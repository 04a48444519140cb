/**
 * How long to wait before reconnection attempt number `failures` in a row (1 for the first after a
 * drop or a failed attempt): the reconnection `delay` itself the first time, as the server's `retry:`
 * asks; after that it doubles, never above `maxDelay` (or `delay`, when that is longer), and a random
 * half of it is taken off so that clients dropped together do not all come back together.
 */
export function retryDelay(failures: number, delay: number, maxDelay: number, random: () => number = Math.random): number {
  if (failures <= 1) return delay;
  const grown = Math.min(Math.max(delay, maxDelay), delay * 2 ** (failures - 1));
  return grown / 2 + (random() * grown) / 2;
}

/** The wait a `Retry-After` header asks for, in ms (delay-seconds or an HTTP date), or undefined when absent or unreadable. */
export function retryAfter(header: string | null, now: number): number | undefined {
  if (header === null) return undefined;
  if (/^\s*\d+\s*$/.test(header)) return Number(header) * 1000;
  // Date.parse reads almost anything as a date ('-5' is the year -5); HTTP dates have a day or month name.
  const at = /[a-z]/i.test(header) ? Date.parse(header) : NaN;
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Statuses worth trying again: a timeout, too many requests, and server errors (503 during a deploy). */
export function isRetried(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}
