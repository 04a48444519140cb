import { SseChannel } from './SseChannel.js';

export { SseChannel, type AddClientCallback } from './SseChannel.js';
export { nodeSink } from './nodeSink.js';
export { connectRequest } from './connectRequest.js';
export {
  encodeEvent,
  type ConnectDecision,
  type ConnectRequest,
  type CorsOptions,
  type SseChannelEvents,
  type SseChannelOptions,
  type SseEvent,
  type SseMessage,
  type SseSink,
} from '@sse-channel/core';
export default SseChannel;
