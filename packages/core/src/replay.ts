import { encodeEvent } from './encodeEvent.js';
import type { FirstConnect } from './firstConnect.js';
import type { History } from './History.js';
import { describe } from './optionValues.js';
import type { TopicFilter } from './Subscription.js';

/** What a connecting client is sent from history. */
export interface Replay {
  /** The frames to queue, oldest first, after the reset event when there is one. */
  frames: Uint8Array[];
  /** How many events of history the frames replay. */
  replayed: number;
  /** True when the client's Last-Event-ID is no longer in history: it has missed events (see `History.lost`). */
  reset: boolean;
}

/** A replay of nothing. */
export const NO_REPLAY: Replay = { frames: [], replayed: 0, reset: false };

/**
 * Plans a client's replay of the events it `reads`: after its Last-Event-ID when it sent one,
 * preceded by the reset event (when `resetEvent` is set) if that id is lost; otherwise what the
 * first-connect policy asks for.
 */
export function planReplay(
  history: History,
  lastEventId: string | undefined,
  firstConnect: FirstConnect,
  resetEvent: string | undefined,
  reads: TopicFilter,
): Replay {
  history.expire();
  if (lastEventId === undefined) {
    if (firstConnect === 'none') return { frames: [], replayed: 0, reset: false };
    const frames = history.latest(firstConnect === 'all' ? history.size : firstConnect, reads);
    return { frames, replayed: frames.length, reset: false };
  }
  const frames = history.since(lastEventId, reads);
  const replayed = frames.length;
  const reset = history.lost(lastEventId);
  if (reset && resetEvent !== undefined) frames.unshift(resetFrame(resetEvent, lastEventId));
  return { frames, replayed, reset };
}

/** A backplane's answer as a client's replay: the frames of its events, after the reset event when it has missed events. */
export function backplaneReplay(events: Uint8Array[], reset: boolean, lastEventId: string, resetEvent: string | undefined): Replay {
  const frames = reset && resetEvent !== undefined ? [resetFrame(resetEvent, lastEventId), ...events] : events;
  return { frames, replayed: events.length, reset };
}

/** A `sinceId` given to `sendEventsSinceId`, as the Last-Event-ID text it stands for. */
export function sinceIdText(sinceId: unknown): string {
  if (typeof sinceId === 'string') return sinceId;
  if (typeof sinceId === 'number') return String(sinceId);
  throw new TypeError(`sinceId must be a string or a number (got ${describe(sinceId)})`);
}

/** The reset event: its data is the Last-Event-ID the client sent (already free of CR, LF and NUL). */
function resetFrame(event: string, lastEventId: string): Uint8Array {
  return encodeEvent({ event, data: lastEventId });
}
