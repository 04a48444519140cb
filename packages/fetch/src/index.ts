export { SseChannel, type SseChannelOptions } from './SseChannel.js';
export { sseResponse } from './sseResponse.js';
export { sse, type FetchChannel } from './sse.js';
export { connectRequest } from './connectRequest.js';
export {
  encodeEvent,
  RESET_EVENT,
  type AdapterOptions,
  type AnyEvents,
  type Authorize,
  type ChannelMessage,
  type ChannelSource,
  type ChannelStats,
  type ClientMetadata,
  type ConnectInfo,
  type EventMap,
  type FirstConnect,
  type SendOptions,
  type SseChannelEvents,
  type SseClient,
  type SseEvent,
  type SseMessage,
} from '@sse-channel/core';
