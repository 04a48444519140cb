export { SseChannel, type SseChannelOptions } from './SseChannel.js';
export { sseResponse } from './sseResponse.js';
export { sse, type FetchChannel } from './sse.js';
export { connectRequest } from './connectRequest.js';
export {
  encodeEvent,
  isTopicName,
  RESET_EVENT,
  type AdapterOptions,
  type AnyEvents,
  type Authorize,
  type ChannelMessage,
  type ChannelSource,
  type ChannelStats,
  type ChannelTopic,
  type ClientMetadata,
  type ConnectInfo,
  type EventMap,
  type FirstConnect,
  type SendOptions,
  type SseChannelEvents,
  type SseClient,
  type SseEvent,
  type SseMessage,
  type StoredEvent,
  type UnauthorizedTopics,
} from '@sse-channel/core';
