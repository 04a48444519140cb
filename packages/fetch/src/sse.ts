import { admission, type AdapterOptions, type ChannelSource } from '@sse-channel/core';
import type { SseChannel } from './SseChannel.js';

/** What the handler uses of a channel: any Fetch `SseChannel`, whatever its event map and metadata. */
export type FetchChannel = Pick<SseChannel, 'response'>;

/**
 * A Fetch handler that answers a request with a channel's event stream, once the channel is found
 * and the request authorized. A refused request gets a bare status: 403 (or `authorize`'s status),
 * 404 when the resolver finds no channel, 500 when it or `authorize` throws (reported to `onError`,
 * default `console.error`).
 *
 * @param channelOrResolver a channel, or a function of the `Request` returning one (or a promise of one).
 * @throws TypeError at construction when an argument has the wrong type.
 * @example
 * const rooms = new Map([['lobby', new SseChannel()]]);
 * export const GET = sse((request) => rooms.get(new URL(request.url).searchParams.get('room') ?? ''), {
 *   authorize: (request) => request.headers.get('authorization') === `Bearer ${token}`,
 * }); // Next.js route handler
 */
export function sse(
  channelOrResolver: ChannelSource<FetchChannel, Request>,
  options?: AdapterOptions<Request>,
): (request: Request) => Promise<Response> {
  const admit = admission(channelOrResolver, options, (error) => console.error(error));
  return async (request) => {
    const found = await admit(request, request.method);
    return typeof found === 'number' ? new Response(null, { status: found }) : found.response(request);
  };
}
