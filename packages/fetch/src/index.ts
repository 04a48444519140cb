export { SseChannel, type SseChannelOptions } from './SseChannel.js';
export { sseResponse } from './sseResponse.js';
export { connectRequest } from './connectRequest.js';
export {
  encodeEvent,
  RESET_EVENT,
  type AnyEvents,
  type ChannelMessage,
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
