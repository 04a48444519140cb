/**
 * Sends events numbered from `from` at `perSecond` for `seconds`, one event per macrotask (a steady
 * stream from independent sources, never a burst in one tick). A server that falls behind sends one
 * event per turn of its event loop until the time is up: what it managed is `done`'s `count`. While
 * `busy()` (an external server has not taken what it was sent), the stream waits as a publisher that
 * awaits its answers would.
 */
export function steadyStream(
  send: (seq: number) => void,
  busy: () => boolean,
  from: number,
  perSecond: number,
  seconds: number,
  done: (count: number, elapsedMs: number) => void,
): void {
  const start = performance.now();
  let seq = from;
  const step = (): void => {
    const elapsed = performance.now() - start;
    if (elapsed >= seconds * 1000) return done(seq - from, elapsed);
    const due = from + Math.floor((elapsed * perSecond) / 1000);
    if (seq > due || busy()) {
      // Waiting costs a timer per millisecond; spinning on setImmediate would bill every server for it.
      setTimeout(step, 1);
      return;
    }
    send(seq++);
    setImmediate(step);
  };
  step();
}
