import type { AutoId } from './autoId.js';
import { encodeEvent } from './encodeEvent.js';
import type { History } from './History.js';
import type { SseEvent } from './message.js';

/**
 * Adds the events of the `history` option (already checked, each with an id), oldest first. Every
 * one is added, so those over `historySize` count as evicted (see `History.lost`), and automatic
 * ids continue after them.
 */
export function preloadHistory(history: History, events: readonly SseEvent[], jsonEncode: boolean, ids: AutoId | undefined): void {
  for (const event of events) {
    history.add(String(event.id), encodeEvent(event, { jsonEncode }));
    if (event.id !== undefined) ids?.observe(event.id);
  }
}
