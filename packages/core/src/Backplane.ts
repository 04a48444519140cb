import type { WireEvent } from './message.js';

/** An event as it travels through a backplane: checked, its data already text (see `WireEvent`). */
export type BackplaneEvent = WireEvent;

/** What a backplane answers for a connecting client's Last-Event-ID. */
export interface BackplaneReplay {
  /** The kept events after the Last-Event-ID, oldest first, each with the id the backplane gave it. */
  events: readonly BackplaneEvent[];
  /**
   * True when the Last-Event-ID is no longer in the shared history and kept events after it have
   * left it (trimmed): the client has missed events, as `reset` means for an in-memory channel.
   */
  reset: boolean;
}

/** What a backplane calls on the channel it serves. */
export interface BackplaneReceiver {
  /**
   * Hands an event to this process's clients, in the backplane's order, with the id the backplane
   * assigned when it is kept. The channel frames it once for all of its clients; an event whose
   * `id` or `event` holds CR, LF or NUL is refused (reported as a listener error, never written).
   */
  deliver(event: BackplaneEvent): void;
}

/**
 * What lets channels in many processes act as one: it orders every broadcast event, assigns the
 * ids of kept events, keeps the shared history and delivers each event to every process, the
 * sender included. It moves events, never SSE bytes: each process frames them once.
 * `@sse-channel/redis` implements it on Redis; the testkit's conformance suite says what any
 * implementation must do.
 */
export interface Backplane {
  /** Called once, by the channel constructed with this backplane; deliveries start. */
  open(receiver: BackplaneReceiver, historySize: number): void;
  /**
   * Orders an event for delivery to every process. `keep` asks for it to enter the shared history
   * under an id the backplane assigns (the event's own `id`, if any, is the sender's and is replaced).
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
