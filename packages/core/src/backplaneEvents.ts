/**
 * The events a backplane on an engine (Redis, PostgreSQL…) emits, the same for every engine so that
 * one can replace another without touching the listeners. None of them is `error`: a missing
 * listener never crashes the process.
 */
export type BackplaneEngineEvents = {
  /** The engine became unreachable: broadcasts are rejected, local clients stay connected. */
  outage: [error: Error];
  /** The engine is back and the events missed meanwhile were delivered; broadcasts are accepted again. */
  recovery: [];
  /**
   * Catching up after an outage, events after `afterId` were already trimmed from the history
   * (`historySize`, `retention`): this process's clients did not get them.
   */
  gap: [afterId: string];
  /**
   * While catching up, more than `maxPendingEvents` live events arrived: they were dropped and the
   * history was read again, so kept events still arrive once each, in order; the `unkept` events
   * without an id among the dropped did not reach this process's clients.
   */
  resync: [unkept: number];
  /** Something in the engine was not an event the backplane wrote; it was skipped. */
  skipped: [error: Error];
};
