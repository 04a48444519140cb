import { checkField, dataText } from './encodeEvent.js';
import type { SseEvent, SseMessage } from './message.js';

/** An event as it travels through a backplane: data already turned into text. */
export type BackplaneEvent = SseEvent<string> & { data: string };

/** What a backplane answers for a connecting client's Last-Event-ID. */
export interface BackplaneReplay {
  /** The frames of the kept events after the Last-Event-ID, oldest first. */
  frames: Uint8Array[];
  /**
   * True when the Last-Event-ID is no longer in the shared history and kept events after it have
   * left it (trimmed): the client has missed events, as `reset` means for an in-memory channel.
   */
  reset: boolean;
}

/** What a backplane calls on the channel it serves. */
export interface BackplaneReceiver {
  /**
   * Hands an event to this process's clients, in the backplane's order. `frame` is its SSE bytes
   * (made with `encodeEvent`, carrying the id the backplane assigned when the event is kept).
   */
  deliver(frame: Uint8Array, event: BackplaneEvent): void;
}

/**
 * What lets channels in many processes act as one: it orders every broadcast event, assigns the
 * ids of kept events, keeps the shared history and delivers each event to every process, the
 * sender included. `@sse-channel/redis` implements it on Redis.
 */
export interface Backplane {
  /** Called once, by the channel constructed with this backplane; deliveries start. */
  open(receiver: BackplaneReceiver, historySize: number): void;
  /**
   * Orders an event for delivery to every process. `keep` asks for it to enter the shared history.
   * Resolves with the id assigned to a kept event once the backplane has stored it; rejects when
   * the backplane cannot take it.
   */
  publish(event: BackplaneEvent, keep: boolean): Promise<string | undefined>;
  /**
   * The kept events after `lastEventId`, for a client that just connected, and whether it missed
   * some that are gone. The backplane calls `cut()` once it has fixed the newest event of the
   * replay: the events it delivered before the cut are in the replay or not after `lastEventId`,
   * and those it delivers after the cut are not in the replay, so a client gets each event once.
   */
  replay(lastEventId: string, cut: () => void): Promise<BackplaneReplay>;
}

/**
 * Checks a message as `send` does and hands it to the backplane. The returned promise is marked as
 * handled: a caller that does not await `send` must not crash the process when Redis is away (the
 * backplane reports outages itself), while a caller that awaits it still sees the rejection.
 */
export function publishMessage(
  backplane: Backplane,
  message: SseMessage,
  jsonEncode: boolean,
): Promise<string | undefined> {
  const source = typeof message === 'string' ? { data: message } : message;
  const event: BackplaneEvent = { data: dataText(source.data, jsonEncode) };
  if (source.event !== undefined && source.event !== null) event.event = checkField('event', source.event, false);
  if (source.id !== undefined && source.id !== null) checkField('id', source.id, true);
  if (typeof source.retry === 'number') event.retry = source.retry;
  const published = backplane.publish(event, typeof message !== 'string' && Boolean(message.id));
  published.catch(() => undefined);
  return published;
}
