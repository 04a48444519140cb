import type { SseEvent, SseMessage } from './message.js';

/**
 * Event names mapped to the type of their data, for a typed channel. `message` is the name of
 * events sent without one (what `EventSource.onmessage` receives).
 *
 * @example
 * type Events = { price: { symbol: string; price: number }; message: string };
 * const channel = new SseChannel<unknown, ConnectRequest, Events>();
 * channel.send({ event: 'price', data: { symbol: 'ACME', price: 42 } });
 */
export type EventMap = Record<string, unknown>;

/** The default event map: any event name with any data. */
export type AnyEvents = Record<string, unknown>;

/**
 * What `send` accepts on a channel with event map `E`. With the default map it is `SseMessage`;
 * with a typed map, each named event's `data` must have its declared type, unnamed events and plain
 * strings are `message` events, and names not in the map are refused.
 */
export type ChannelMessage<E extends EventMap> = string extends keyof E ? SseMessage : TypedMessage<E>;

/**
 * A message of a typed channel (see `ChannelMessage`): for each name of `E`, an event of that name
 * whose `data` has its type (`event` may be left out for `message`), or a plain string when `message`
 * carries strings.
 */
export type TypedMessage<E extends EventMap> =
  | {
      [K in keyof E & string]: K extends 'message'
        ? SseEvent<E[K]> & {
            /** `message`, or left out. */
            event?: K;
          }
        : SseEvent<E[K]> & {
            /** The event's name, one of the map's. */
            event: K;
          };
    }[keyof E & string]
  | ('message' extends keyof E ? (E['message'] extends string ? string : never) : never);
