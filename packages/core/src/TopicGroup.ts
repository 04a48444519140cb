import type { Subscription } from './Subscription.js';

/**
 * The clients that read the same topics: a topic event is queued once for the group, and its
 * members share one chunk per tick, as the clients of a broadcast do. Between two ticks it holds
 * nothing but its members.
 */
export class TopicGroup<C> {
  /** Its clients, in connection order. */
  readonly members = new Set<C>();
  /** This tick's frames, the broadcast's and the group's in send order; null while it follows the broadcast. */
  frames: Uint8Array[] | null = null;
  /** The members with frames of their own this tick: they get the group's frames too. */
  solo: Set<C> | null = null;

  constructor(readonly subscription: Subscription) {}
}

/** What belongs to a group: a client of topics, or none. */
export interface Grouped<C> {
  group: TopicGroup<C> | undefined;
}
