import type { AutoId } from './autoId.js';
import { frameWireEvent, toWireEvent } from './encodeEvent.js';
import type { History } from './History.js';
import type { StoredEvent } from './message.js';

/**
 * Adds the events of the `history` option (already checked, each with an id), oldest first, each
 * under its topic if it has one. Every one is added, so those over `historySize` count as evicted
 * (see `History.lost`), and automatic ids continue after them.
 */
export function preloadHistory(history: History, events: readonly StoredEvent[], jsonEncode: boolean, ids: AutoId | undefined): void {
  for (const event of events) {
    history.add(String(event.id), frameWireEvent(toWireEvent(event, jsonEncode, event.topic)), Date.now(), event.topic);
    if (event.id !== undefined) ids?.observe(event.id);
  }
}
