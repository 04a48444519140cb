import { parseNotice } from './entry.js';

/** What the inbox hands on. */
export interface InboxHandlers {
  /** Reads the lines of a batch too large for its notification, from its row (undefined when the row is gone). */
  readRow(row: string): Promise<string | undefined>;
  /** A batch to deliver: its lines, and the id given last before it. */
  deliver(before: bigint, lines: string): void;
  /** A notification or row that is not a batch this package wrote. */
  skip(error: Error): void;
}

/**
 * The notifications of a live backplane, delivered in the order they came: most carry their batch
 * and are delivered at once (those of one socket read in one tick); one that names a row waits for
 * the row to be read, and those after it wait for it.
 */
export class Inbox {
  private readonly queue: string[] = [];
  private reading = false;

  constructor(private readonly handlers: InboxHandlers) {}

  push(payload: string): void {
    this.queue.push(payload);
    this.drain();
  }

  private drain(): void {
    while (!this.reading && this.queue.length > 0) {
      let notice;
      try {
        notice = parseNotice(this.queue.shift() as string);
      } catch (error) {
        this.handlers.skip(error as Error);
        continue;
      }
      if ('lines' in notice) {
        this.handlers.deliver(notice.before, notice.lines);
        continue;
      }
      const { before, row } = notice;
      this.reading = true;
      this.handlers
        .readRow(row)
        .then(
          (lines) => {
            if (lines !== undefined) return this.handlers.deliver(before, lines);
            this.handlers.skip(new Error(`batch row ${row} is gone (kept for a minute, lost when the database crashes)`));
          },
          (error: Error) => this.handlers.skip(new Error(`batch row ${row} could not be read: ${error.message}`, { cause: error })),
        )
        .finally(() => {
          this.reading = false;
          this.drain();
        });
    }
  }
}
