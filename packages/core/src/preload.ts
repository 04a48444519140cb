import type { AutoId } from './autoId.js';
import { encodeEvent } from './encodeEvent.js';
import type { History } from './History.js';
import type { SseEvent } from './message.js';

/**
 * Adds the events of the `history` option, oldest first. Every event with an id is added, so those
 * over `historySize` count as evicted (see `History.lost`), and automatic ids continue after them.
 *
 * @throws TypeError when an event would inject fields (its `id` or `event` holds CR, LF or NUL).
 */
export function preloadHistory(history: History, events: readonly SseEvent[], jsonEncode: boolean, ids: AutoId | undefined): void {
  for (const event of events) {
    if (!event.id) continue;
    try {
      history.add(String(event.id), encodeEvent(event, { jsonEncode }));
    } catch (error) {
      throw new TypeError(`history holds an invalid event: ${(error as Error).message}`);
    }
    ids?.observe(event.id);
  }
}
