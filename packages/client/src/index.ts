export { createClient } from './createClient.js';
export type { EventStreamClient, ClientState, EventInfo, Listener } from './EventStreamClient.js';
export type { ClientOptions, HeadersOption } from './ClientOptions.js';
export { ResponseError } from './ResponseError.js';
export type { EventData, EventMap, EventName, EventsOf, TextEvents, TypedChannel } from './typedEvents.js';
export type { EitherEvents } from './createClient.js';
