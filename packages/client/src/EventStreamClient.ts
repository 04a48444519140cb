import { checkOptions, type ClientOptions } from './ClientOptions.js';
import { EventStreamParser, type StreamEvent } from './EventStreamParser.js';
import { ResponseError } from './ResponseError.js';
import { isRetried, retryDelay } from './retryDelay.js';
import { checkTopicName } from './topicName.js';
import type { EventMap } from './typedEvents.js';

/** `connecting` (also while waiting to reconnect), `open`, or `closed` for good. */
export type ClientState = 'connecting' | 'open' | 'closed';

/** What a listener learns of an event besides its data. */
export interface EventInfo {
  /** The event name. */
  type: string;
  /** The stream's last event id when the event arrived (`''` before any). */
  lastEventId: string;
  /** For listeners of `client.topic(name)`: the event's topic (the one a pattern matched). */
  topic?: string;
}

/** A listener of one event name. */
export type Listener<Data> = (data: Data, event: EventInfo) => void;

/** The events of one topic, or of the topics a pattern matches, read over the client's one connection. */
export interface ClientTopic<E extends EventMap> {
  /**
   * Calls `listener` with the data of every event named `type` sent to this topic (`message` for
   * events sent without a name), as `client.on` does; `event.type` is that name, `event.topic` the topic.
   *
   * @returns a function that removes the listener.
   */
  on<K extends keyof E & string>(type: K, listener: Listener<E[K]>): () => void;
}

type Listeners = Map<string, Set<Listener<never>>>;

function add(listeners: Listeners, type: string, listener: Listener<never>): () => void {
  let set = listeners.get(type);
  if (!set) listeners.set(type, (set = new Set()));
  set.add(listener);
  return () => void set.delete(listener);
}

const EVENT_STREAM = /^text\/event-stream(;|$)/i;
/** setTimeout's longest delay: a longer one fires at once. */
const LONGEST_TIMEOUT = 2 ** 31 - 1;

/** Rethrows outside the stream, as an event listener's exception is reported, so the stream goes on. */
function safely<A extends unknown[]>(callback: ((...args: A) => void) | undefined, ...args: A): void {
  try {
    callback?.(...args);
  } catch (error) {
    queueMicrotask(() => {
      throw error;
    });
  }
}

/** Sends the id as UTF-8 bytes, as `EventSource` does: header values carry bytes, not characters. */
function headerValue(text: string): string {
  return String.fromCharCode(...new TextEncoder().encode(text));
}

/**
 * A connection to an event stream that reconnects until closed, and hands each event's data to the
 * listeners of its name. Made by `createClient`, which types the listeners.
 */
export class EventStreamClient<E extends EventMap> {
  private current: ClientState = 'connecting';
  private readonly url: URL;
  private readonly listeners: Listeners = new Map();
  /** Topic (or pattern) → event name → listeners. */
  private readonly topics = new Map<string, Listeners>();
  private readonly stopper = new AbortController();
  private readonly parser: EventStreamParser;
  private delay: number;
  private failures = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(url: string | URL, private readonly options: ClientOptions = {}) {
    this.url = checkOptions(url, options);
    this.delay = options.retryDelay ?? 1000;
    this.parser = new EventStreamParser((event) => this.dispatch(event), (delay) => (this.delay = delay), options.lastEventId);
    options.signal?.addEventListener('abort', () => this.close());
    if (options.signal?.aborted) this.close();
    else void this.run();
  }

  /** `connecting` (also while waiting to reconnect), `open`, or `closed` for good. */
  get state(): ClientState {
    return this.current;
  }

  /** The id of the last event received: sent as `Last-Event-ID` on reconnection. */
  get lastEventId(): string {
    return this.parser.lastEventId;
  }

  /**
   * Calls `listener` with the data of every event named `type` (`message` for events without a
   * name), JSON-decoded with the `json` option. Comments and keep-alives never reach listeners.
   *
   * @returns a function that removes the listener.
   */
  on<K extends keyof E & string>(type: K, listener: Listener<E[K]>): () => void {
    return add(this.listeners, type, listener as Listener<never>);
  }

  /**
   * The events of topic `name` (or of every topic a pattern such as `rooms/*` matches) on this
   * connection: the channel names them `<topic>` or `<topic>#<event>`. Read only if the connection
   * subscribes to the topic (the `topics` option, or however the server chooses them).
   *
   * @throws TypeError naming the topic when it is not a valid topic name or pattern.
   * @example
   * const client = createClient<Events>('/events', { json: true, topics: ['rooms/*', 'ticker'] });
   * client.topic('rooms/*').on('message', (text, { topic }) => show(topic, text));
   * client.topic('ticker').on('price', ({ symbol, price }) => render(symbol, price));
   */
  topic(name: string): ClientTopic<E> {
    checkTopicName(name, 'topic');
    let listeners = this.topics.get(name);
    if (!listeners) this.topics.set(name, (listeners = new Map()));
    const events = listeners;
    return { on: (type, listener) => add(events, type, listener as Listener<never>) };
  }

  /** Closes the connection and stops reconnecting; no event is delivered afterwards. */
  close(): void {
    this.current = 'closed';
    clearTimeout(this.timer);
    this.stopper.abort();
  }

  /** A method, not a field read, so that TypeScript sees that listeners may have closed the client meanwhile. */
  private closed(): boolean {
    return this.current === 'closed';
  }

  private async run(): Promise<void> {
    while (this.current !== 'closed') {
      let error: unknown;
      try {
        const response = await this.request();
        if (response.status !== 200 || !EVENT_STREAM.test(response.headers.get('content-type') ?? '')) {
          response.body?.cancel().catch(() => {});
          throw new ResponseError(response);
        }
        this.failures = 0;
        this.current = 'open';
        safely(this.options.onOpen);
        await this.read(response.body);
        error = new Error('the server ended the stream');
      } catch (caught) {
        error = caught;
      }
      if (this.closed()) return;
      const wait = this.waitAfter(error);
      this.current = wait === undefined ? 'closed' : 'connecting';
      safely(this.options.onError, error);
      if (wait !== undefined && !this.closed()) {
        await new Promise((resolve) => (this.timer = setTimeout(resolve, Math.min(wait, LONGEST_TIMEOUT))));
      }
    }
  }

  private async request(): Promise<Response> {
    const { headers, method, body, credentials, fetch: send = fetch } = this.options;
    const sent = new Headers(typeof headers === 'function' ? await headers() : headers);
    if (!sent.has('accept')) sent.set('accept', 'text/event-stream');
    if (this.lastEventId) sent.set('last-event-id', headerValue(this.lastEventId));
    // `cache` is in the browsers' RequestInit, not in Node's, whose fetch has no HTTP cache to skip.
    const init = { method, body, credentials, headers: sent, cache: 'no-store', signal: this.stopper.signal } as RequestInit;
    return send(this.url, init);
  }

  private async read(body: ReadableStream<Uint8Array> | null): Promise<void> {
    this.parser.reset();
    const reader = body?.getReader();
    for (let chunk = await reader?.read(); chunk && !chunk.done; chunk = await reader?.read()) this.parser.feed(chunk.value);
  }

  /** The wait before the next attempt after `error`, or undefined when the client must stop. */
  private waitAfter(error: unknown): number | undefined {
    const refusal = error instanceof ResponseError ? error : undefined;
    if (refusal && !isRetried(refusal.status)) return undefined;
    this.failures++;
    return refusal?.retryAfter ?? retryDelay(this.failures, this.delay, this.options.maxRetryDelay ?? 30_000);
  }

  private dispatch({ type, data, lastEventId }: StreamEvent): void {
    if (this.closed()) return;
    if (type === (this.options.resetEvent ?? 'sse-channel:reset')) return safely(this.options.onReset, data);
    const calls: Array<[Set<Listener<never>> | undefined, EventInfo]> = [[this.listeners.get(type), { type, lastEventId }]];
    // A topic can hold no '#', so the first one ends it: `rooms/a#price` is event `price` of topic `rooms/a`.
    const hash = type.indexOf('#');
    const topic = hash < 0 ? type : type.slice(0, hash);
    const info = { type: hash < 0 ? 'message' : type.slice(hash + 1), lastEventId, topic };
    for (const [name, events] of this.topics) {
      if (name === topic || (name.endsWith('*') && topic.startsWith(name.slice(0, -1)))) calls.push([events.get(info.type), info]);
    }
    if (!calls.some(([listeners]) => listeners?.size)) return;
    let value: unknown = data;
    if (this.options.json) {
      try {
        value = JSON.parse(data);
      } catch (cause) {
        return safely(this.options.onError, new Error(`the data of a ${type} event is not JSON`, { cause }));
      }
    }
    for (const [listeners = [], event] of calls) for (const listener of listeners) safely(listener as Listener<unknown>, value, event);
  }
}
