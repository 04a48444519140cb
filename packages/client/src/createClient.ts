import type { ClientOptions } from './ClientOptions.js';
import { EventStreamClient } from './EventStreamClient.js';
import type { EventMap, EventsOf, TextEvents, TypedChannel } from './typedEvents.js';

/** With a `json` option known only at run time: either the decoded data or the text. */
export type EitherEvents<E extends EventMap> = { [K in keyof E]: E[K] | TextEvents<E>[K] };

/**
 * Connects to an event stream with `fetch` (browsers and Node 20+) and keeps it connected until
 * `close()`: reconnections send `Last-Event-ID`, honour `retry:` and `Retry-After`, back off with
 * jitter after repeated failures, and stop after a 204 or a 4xx other than 408 and 429.
 *
 * The type argument is the server's event map, or the type of its channel, so listeners get the
 * data type the server declared. With `json: true` the data is JSON-decoded (for channels with
 * `jsonEncode`); without it every event's data is its text.
 *
 * @throws TypeError or RangeError naming the option, for a URL that cannot be resolved or a bad delay.
 * @example
 * type Events = { price: { symbol: string; price: number } };
 * const client = createClient<Events>('/prices', { json: true, headers: () => ({ Authorization: `Bearer ${token()}` }) });
 * client.on('price', ({ symbol, price }) => render(symbol, price));
 */
export function createClient<T extends EventMap | TypedChannel = EventMap>(
  url: string | URL,
  options: ClientOptions & { json: true },
): EventStreamClient<EventsOf<T>>;
export function createClient<T extends EventMap | TypedChannel = EventMap>(
  url: string | URL,
  options?: ClientOptions & { json?: false },
): EventStreamClient<TextEvents<EventsOf<T>>>;
export function createClient<T extends EventMap | TypedChannel = EventMap>(
  url: string | URL,
  options?: ClientOptions,
): EventStreamClient<EitherEvents<EventsOf<T>>>;
export function createClient(url: string | URL, options?: ClientOptions): EventStreamClient<EventMap> {
  return new EventStreamClient(url, options);
}
