import type { Page } from 'playwright-core';
import { sharedPage } from './chromium.js';
import type { ReceivedEvent } from './EventStream.js';
import { waitFor } from './waitFor.js';

type Report = 'open' | 'error' | 'event';
type PageEvent = { type: string; data?: unknown; lastEventId?: string };

/** What the page script uses of the browser's globals (the test code has no DOM types). */
interface PageGlobals {
  EventSource: new (url: string) => { addEventListener(type: string, listener: (event: PageEvent) => void): void; close(): void };
  eventSources?: Map<number, { close(): void }>;
  reportEvent(id: number, report: Report, event?: ReceivedEvent): void;
}

/** The page's path on a stream's origin, answered by the browser itself: the server needs no route for it. */
const PAGE_PATH = '/__sse-test-page';

const streams = new Map<number, BrowserStream>();
const reporting = new WeakMap<Page, Promise<unknown>>();
let opening: Promise<unknown> = Promise.resolve();
let lastId = 0;

/**
 * The browser's own `EventSource`, on the shared page of the headless Chromium, moved to the stream's
 * origin first so the request is same-origin, as an app's page would make it: what a browser really
 * sends (its `Accept-Encoding`, its `Last-Event-ID` on reconnect) and decodes.
 */
export class BrowserStream {
  readonly events: ReceivedEvent[] = [];
  opens = 0;
  errors = 0;

  private constructor(
    private readonly page: Page,
    private readonly id: number,
  ) {}

  /** Opens an `EventSource` on `url`, listening to `message` and `types`. Opens run one at a time: they may move the page. */
  static open(url: string, options: { types?: string[] } = {}): Promise<BrowserStream> {
    const next = opening.then(() => BrowserStream.start(url, options.types ?? []));
    opening = next.catch(() => undefined);
    return next;
  }

  private static async start(url: string, types: string[]): Promise<BrowserStream> {
    const page = await sharedPage();
    if (!reporting.has(page)) {
      reporting.set(page, page.exposeFunction('reportEvent', (id: number, report: Report, event?: ReceivedEvent) => streams.get(id)?.report(report, event)));
    }
    await reporting.get(page);
    const origin = new URL(url).origin;
    if (new URL(page.url()).origin !== origin) {
      const pageUrl = origin + PAGE_PATH;
      await page.route(pageUrl, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>events</title>' }));
      await page.goto(pageUrl);
      await page.unroute(pageUrl);
    }
    const stream = new BrowserStream(page, ++lastId);
    streams.set(stream.id, stream);
    await page.evaluate(
      ({ id, url, types }) => {
        const scope = globalThis as unknown as PageGlobals;
        const source = new scope.EventSource(url);
        (scope.eventSources ??= new Map()).set(id, source);
        const record = (event: PageEvent) =>
          scope.reportEvent(id, 'event', { type: event.type, data: String(event.data), lastEventId: event.lastEventId ?? '' });
        for (const type of ['message', ...types]) source.addEventListener(type, record);
        source.addEventListener('open', () => scope.reportEvent(id, 'open'));
        source.addEventListener('error', () => scope.reportEvent(id, 'error'));
      },
      { id: stream.id, url, types },
    );
    return stream;
  }

  /** The data of every event received, in order. */
  get data(): string[] {
    return this.events.map((event) => event.data);
  }

  /** Waits until the connection is open (`count` opens in all). */
  async opened(count = 1, timeout = 5000): Promise<void> {
    await waitFor(() => this.opens >= count, timeout, `${count} open(s) in Chromium`);
  }

  /** Waits until `count` events have arrived and returns them. */
  async received(count: number, timeout = 5000): Promise<ReceivedEvent[]> {
    await waitFor(() => this.events.length >= count, timeout, `${count} events in Chromium (have ${JSON.stringify(this.data)})`);
    return this.events.slice(0, count);
  }

  /** Closes the `EventSource`; it will not reconnect. */
  async close(): Promise<void> {
    streams.delete(this.id);
    await this.page
      .evaluate((id) => (globalThis as unknown as PageGlobals).eventSources?.get(id)?.close(), this.id)
      .catch(() => undefined);
  }

  private report(report: Report, event?: ReceivedEvent): void {
    if (report === 'open') this.opens++;
    else if (report === 'error') this.errors++;
    else if (event) this.events.push(event);
  }
}
