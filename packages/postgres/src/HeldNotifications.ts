/**
 * The notifications that arrive while a backplane reads back what it missed, held to be delivered
 * after it, at most `max` events: over it they are all dropped (the kept ones are read from the
 * table again; those without an id are lost to this process, and counted).
 */
export class HeldNotifications {
  private payloads: string[] = [];
  private events = 0;
  /** Events without an id dropped since the last `take`; undefined while none were dropped. */
  droppedUnkept: number | undefined;

  constructor(private readonly max: number) {}

  hold(payload: string): void {
    // A batch in a row counts as one event: its size is unknown until it is read.
    const events = payload.includes('\n') ? payload.split('\n').length - 1 : 1;
    if (this.events + events > this.max) {
      this.droppedUnkept = (this.droppedUnkept ?? 0) + this.payloads.reduce((count, held) => count + unkeptIn(held), 0);
      this.payloads = [];
      this.events = 0;
    }
    this.payloads.push(payload);
    this.events += events;
  }

  /** The held notifications, oldest first, and nothing held any more. */
  take(): string[] {
    this.events = 0;
    return this.payloads.splice(0);
  }
}

/** How many events without an id a notification carries (a batch in a row is not counted: unknown). */
function unkeptIn(payload: string): number {
  let count = 0;
  for (let at = payload.indexOf('\n-'); at !== -1; at = payload.indexOf('\n-', at + 2)) count++;
  return count;
}
