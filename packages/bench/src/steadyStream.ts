/** The most events one step hands out, so that a server far behind does not queue without end. */
const MOST_PER_STEP = 1000;

/**
 * Sends events numbered from `from` at `perSecond` for `seconds`, each in its own macrotask, as events
 * from independent sources arrive (several sockets' callbacks in one turn of the event loop, never a
 * burst in one tick). Every millisecond a timer hands out the events due since the last one, each as
 * its own `setImmediate`; a server that falls behind gets more of them per turn. `room()` is how many
 * more an external server may be handed now (nginx's unanswered publish requests are bounded), so
 * what was sent is `done`'s `count`.
 */
export function steadyStream(
  send: (seq: number) => void,
  room: () => number,
  from: number,
  perSecond: number,
  seconds: number,
  done: (count: number, elapsedMs: number) => void,
): void {
  const start = performance.now();
  let seq = from;
  const sendNext = (): void => send(seq++);
  const step = (): void => {
    // The immediates handed out by the previous step have all run before this timer.
    const elapsed = performance.now() - start;
    if (elapsed >= seconds * 1000) return done(seq - from, elapsed);
    const due = from + Math.floor((elapsed * perSecond) / 1000) - seq + 1;
    const count = Math.max(0, Math.min(due, room(), MOST_PER_STEP));
    for (let i = 0; i < count; i++) setImmediate(sendNext);
    setTimeout(step, 1);
  };
  step();
}
