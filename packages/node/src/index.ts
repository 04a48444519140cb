import { SseChannel } from './SseChannel.js';

export { SseChannel, type AddClientCallback, type SseChannelOptions } from './SseChannel.js';
export { nodeSink, type NodeResponse, type ResponseStream } from './nodeSink.js';
export { connectRequest, type NodeRequest } from './connectRequest.js';
export {
  encodeEvent,
  RESET_EVENT,
  type AnyEvents,
  type ChannelMessage,
  type ChannelStats,
  type ClientMetadata,
  type ConnectDecision,
  type ConnectInfo,
  type ConnectRequest,
  type CloseOptions,
  type CorsOptions,
  type EventMap,
  type FirstConnect,
  type SendOptions,
  type SseClient,
  type SseChannelEvents,
  type SseEvent,
  type SseMessage,
  type SseSink,
} from '@sse-channel/core';

/** What the framework adapters use of a channel: any `SseChannel`, whatever its event map and metadata. */
export type NodeChannel = Pick<SseChannel, 'addClient'>;

export default SseChannel;
