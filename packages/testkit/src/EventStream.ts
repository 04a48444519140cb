import { EventSource } from 'eventsource';
import { waitFor } from './waitFor.js';

/** One event as the `eventsource` client dispatched it. */
export interface ReceivedEvent {
  type: string;
  data: string;
  lastEventId: string;
}

/**
 * A real `eventsource` (version 4) client that records what it receives.
 * `headers` are sent with every request (also on reconnect).
 */
export class EventStream {
  readonly source: EventSource;
  readonly events: ReceivedEvent[] = [];
  opens = 0;
  errors = 0;

  constructor(url: string, options: { headers?: Record<string, string>; types?: string[] } = {}) {
    const extra = options.headers ?? {};
    this.source = new EventSource(url, {
      fetch: (input, init) => fetch(input, { ...init, headers: { ...init.headers, ...extra } }),
    });
    const record = (event: MessageEvent) =>
      this.events.push({ type: event.type, data: String(event.data), lastEventId: event.lastEventId });
    this.source.addEventListener('message', record);
    for (const type of options.types ?? []) this.source.addEventListener(type, record);
    this.source.addEventListener('open', () => this.opens++);
    this.source.addEventListener('error', () => this.errors++);
  }

  /** The data of every event received, in order. */
  get data(): string[] {
    return this.events.map((event) => event.data);
  }

  /** Waits until the connection is open (`count` opens in all). */
  async opened(count = 1, timeout = 5000): Promise<void> {
    await waitFor(() => this.opens >= count, timeout, `${count} open(s)`);
  }

  /** Waits until `count` events have arrived and returns them. */
  async received(count: number, timeout = 5000): Promise<ReceivedEvent[]> {
    await waitFor(() => this.events.length >= count, timeout, `${count} events (have ${this.events.length})`);
    return this.events.slice(0, count);
  }

  /** Closes the client; it will not reconnect. */
  close(): void {
    this.source.close();
  }
}
