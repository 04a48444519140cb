import type { BackplaneEvent } from '@sse-channel/core';
import type { Entry } from './entry.js';

/** How long held events wait while no kept event arrives at all, before they go anyway. */
const STALL_MS = 1000;

/** What held events are handed to. */
export interface HeldEventsReceiver {
  deliver(event: BackplaneEvent): void;
  /** Events without an id were dropped over the bound; reported once the rest went out. */
  dropped(count: number): void;
}

/**
 * Events without an id that reached this process before the kept events their sender had before
 * them (they travel past the stream, which is faster): each waits until the kept event it names
 * (`after`) was delivered here. They go in arrival order among those ready, which keeps each
 * sender's order (a sender's `after` never decreases). One that names an event the stream does
 * not have (trimmed, lost with the server's data, or not written by this package) goes once this
 * process has read all the stream holds, or after STALL_MS without any kept event. At most `limit`
 * wait (the oldest are dropped).
 */
export class HeldEvents {
  private readonly held: Entry[] = [];
  private dropped = 0;
  /** Kept events delivered since the stall timer was set. */
  private progress = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly limit: number,
    private readonly receiver: HeldEventsReceiver,
  ) {}

  /** An event without an id arrived; `position` is the newest kept event delivered here (undefined before the first). */
  add(entry: Entry, position: number | undefined): void {
    if (position !== undefined && entry.after <= position) return this.receiver.deliver(entry.event);
    this.held.push(entry);
    if (this.held.length > this.limit) {
      this.held.shift();
      this.dropped++;
    }
    this.timer ??= this.watch();
  }

  /**
   * Kept events up to `position` were delivered: the held events that waited for them follow, and
   * all of them when `caughtUp` (the stream had nothing after `position` when the server sent it,
   * so what they wait for is not coming).
   */
  release(position: number, caughtUp: boolean): void {
    this.progress++;
    if (this.held.length === 0) return;
    const waiting: Entry[] = [];
    for (const entry of this.held.splice(0)) {
      if (caughtUp || entry.after <= position) this.receiver.deliver(entry.event);
      else waiting.push(entry);
    }
    this.held.push(...waiting);
    if (this.held.length === 0) this.settled();
  }

  /** Drops what is held and stops the timer. */
  close(): void {
    this.held.length = 0;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private watch(): ReturnType<typeof setTimeout> {
    this.progress = 0;
    const timer = setTimeout(() => {
      this.timer = undefined;
      if (this.held.length === 0) return;
      if (this.progress > 0) {
        this.timer = this.watch();
        return;
      }
      for (const entry of this.held.splice(0)) this.receiver.deliver(entry.event);
      this.settled();
    }, STALL_MS);
    timer.unref();
    return timer;
  }

  private settled(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.dropped === 0) return;
    const count = this.dropped;
    this.dropped = 0;
    this.receiver.dropped(count);
  }
}
