/**
 * How the channel's own work on very many clients shares the event loop: it runs in slices of at
 * most about `SLICE_MS`, each continued in a later macrotask, so other work (requests, timers, I/O)
 * runs in between and no stall the channel causes lasts much longer than a slice.
 */

/** Milliseconds a slice runs before it yields; with the clock read every `CHECK_EVERY` items, a slice stays well under 20 ms. */
export const SLICE_MS = 10;

/** Items handled between two reads of the clock. */
export const CHECK_EVERY = 128;

type Scheduler = (run: () => void) => unknown;

const timers = globalThis as { setImmediate?: Scheduler; performance?: { now(): number } };

/** Milliseconds from a monotonic clock where the runtime has one, else the wall clock. */
export const now: () => number = timers.performance ? () => (timers.performance as { now(): number }).now() : () => Date.now();

/**
 * Runs `run` in a later macrotask: after the I/O that is waiting (`setImmediate` where the runtime
 * has it), else after a zero-delay timer.
 */
export function nextMacrotask(run: () => void): void {
  if (timers.setImmediate) timers.setImmediate(run);
  else setTimeout(run, 0);
}

/** Lets a timer not keep the runtime alive, where timers can say so. */
export function unref(timer: unknown): void {
  (timer as { unref?: () => void }).unref?.();
}
