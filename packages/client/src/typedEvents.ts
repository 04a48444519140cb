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
  send(message: never, ...rest: never[]): unknown;
}

/**
 * The event map of `T`: `T` itself when it is an event map, or the events a channel of type `T`
 * accepts in `send` (a channel without declared events gives any name with `unknown` data).
 */
export type EventsOf<T extends EventMap | TypedChannel> = T extends { send(message: infer M, ...rest: never[]): unknown }
  ? { [P in Extract<M, object> as EventName<P>]: EventData<P> }
  : T;

type EventName<P> = P extends { event?: infer N } ? (N extends string ? N : never) : never;
type EventData<P> = P extends { data?: infer D } ? D : never;

/**
 * What arrives without JSON decoding: each event's text. Data declared as a string type keeps it;
 * any other data arrives as the string the server made of it.
 */
export type TextEvents<E extends EventMap> = { [K in keyof E]: E[K] extends string ? E[K] : string };
