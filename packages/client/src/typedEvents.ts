/**
 * Event names mapped to the type of their data, as the server declares them for a typed channel
 * (`SseChannel<Events>` in `@sse-channel/node` and `@sse-channel/fetch`). `message` is the name of
 * events sent without one.
 *
 * @example
 * type Events = { price: { symbol: string; price: number }; message: string };
 */
export type EventMap = Record<string, unknown>;

/** A server channel, seen through its `send` method: what the client reads a channel's event types from. */
export interface TypedChannel {
  /** The channel's `send`: its first parameter's type names the events and their data. */
  send(message: never, ...rest: never[]): unknown;
}

/**
 * The event map of `T`: `T` itself when it is an event map, or the events a channel of type `T`
 * accepts in `send` (a channel without declared events gives any name with `unknown` data).
 */
export type EventsOf<T extends EventMap | TypedChannel> = T extends {
  /** The channel's `send`. */
  send(message: infer M, ...rest: never[]): unknown;
}
  ? { [P in Extract<M, object> as EventName<P>]: EventData<P> }
  : T;

/** The event name a message type of a channel's `send` carries (`never` for one without a name). */
export type EventName<P> = P extends {
  /** The message's event name. */
  event?: infer N;
} ? (N extends string ? N : never) : never;
/** The data type a message type of a channel's `send` carries. */
export type EventData<P> = P extends {
  /** The message's data. */
  data?: infer D;
} ? D : never;

/**
 * What arrives without JSON decoding: each event's text. Data declared as a string type keeps it;
 * any other data arrives as the string the server made of it.
 */
export type TextEvents<E extends EventMap> = { [K in keyof E]: E[K] extends string ? E[K] : string };
