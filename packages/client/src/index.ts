export { createClient } from './createClient.js';
export type { EventStreamClient, ClientState, ClientTopic, EventInfo, Listener } from './EventStreamClient.js';
export type { ClientOptions, HeadersOption } from './ClientOptions.js';
export { ResponseError } from './ResponseError.js';
export type { EventMap, EventsOf, TextEvents, TypedChannel } from './typedEvents.js';
