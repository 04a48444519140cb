/** One event as the stream dispatched it. */
export interface StreamEvent {
  /** The event name: its `event:` field, or `message` without one. */
  type: string;
  /** The `data:` lines joined with LF. */
  data: string;
  /** The last event id of the stream when the event was dispatched. */
  lastEventId: string;
}

const LF = 10;
const CR = 13;

/**
 * Reads an event stream from bytes in chunks of any size, as the WHATWG HTML standard's "event
 * stream interpretation" does: UTF-8 with one leading BOM ignored, lines ending at CRLF, LF or CR
 * (a CRLF split across two chunks is one line break), comments skipped, and an event dispatched at a
 * blank line only when it has data. `reset()` starts a new stream, as after a reconnection.
 */
export class EventStreamParser {
  /** The last event id string: the id buffer as it was at the last dispatch. */
  lastEventId: string;
  private decoder = new TextDecoder();
  private line = '';
  /** The previous chunk ended in CR, so an LF starting this one ends no second line. */
  private afterCR = false;
  private data = '';
  private type = '';
  private id: string;

  constructor(
    private readonly onEvent: (event: StreamEvent) => void,
    private readonly onRetry: (milliseconds: number) => void,
    lastEventId = '',
  ) {
    this.lastEventId = this.id = lastEventId;
  }

  /** Forgets the unfinished line and event of the stream before: the standard never dispatches them. */
  reset(): void {
    this.decoder = new TextDecoder();
    this.line = this.data = this.type = '';
    this.afterCR = false;
    // A new stream's id buffer starts from the last id, as Chromium's does: an event without an id
    // right after a reconnection must not erase the id that the next reconnection has to send.
    this.id = this.lastEventId;
  }

  feed(chunk: Uint8Array): void {
    const text = this.decoder.decode(chunk, { stream: true });
    let start = 0;
    for (let at = 0; at < text.length; at++) {
      const code = text.charCodeAt(at);
      if (code !== LF && code !== CR) continue;
      if (code === LF && at === 0 && this.afterCR) {
        start = 1;
        continue;
      }
      this.field(this.line + text.slice(start, at));
      this.line = '';
      if (code === CR && text.charCodeAt(at + 1) === LF) at++;
      start = at + 1;
    }
    if (text) this.afterCR = text.charCodeAt(text.length - 1) === CR;
    this.line += text.slice(start);
  }

  private field(line: string): void {
    if (!line) return this.dispatch();
    const colon = line.indexOf(':');
    if (colon === 0) return;
    const name = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value[0] === ' ') value = value.slice(1);
    if (name === 'data') this.data += `${value}\n`;
    else if (name === 'event') this.type = value;
    else if (name === 'id' && !value.includes('\0')) this.id = value;
    else if (name === 'retry' && /^\d+$/.test(value)) this.onRetry(Number(value));
  }

  private dispatch(): void {
    this.lastEventId = this.id;
    const { data, type } = this;
    this.data = this.type = '';
    if (data) this.onEvent({ type: type || 'message', data: data.slice(0, -1), lastEventId: this.id });
  }
}
