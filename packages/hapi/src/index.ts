import type { Lifecycle, Plugin, Request, ResponseObject, ResponseToolkit } from '@hapi/hapi';
import { admission, type AdapterOptions, type AnyEvents, type ChannelSource, type ClientMetadata, type EventMap } from '@sse-channel/core';
import { SseChannel, connectRequest } from '@sse-channel/node';
import { EventPayload } from './EventPayload.js';

export { SseChannel };
export type { AdapterOptions, Authorize, ChannelSource } from '@sse-channel/core';

declare module '@hapi/hapi' {
  interface ResponseToolkit {
    /**
     * A response that makes this request a client of `channel`: an event stream that goes through
     * hapi's lifecycle (extensions, logging, compression). Preflights, HEAD and refused origins get
     * the channel's status and headers without a body. Added by the `@sse-channel/hapi` plugin.
     */
    sse<E extends EventMap, M extends object>(channel: SseChannel<E, M>): ResponseObject;
  }
}

function respond<E extends EventMap, M extends object>(h: ResponseToolkit, channel: SseChannel<E, M>): ResponseObject {
  const { req, res } = h.request.raw;
  const answer = channel.accept(connectRequest(req), req, res);
  const payload = answer.stream ? new EventPayload() : null;
  const response = h.response(payload ?? undefined).code(answer.status);
  for (const [name, value] of Object.entries(answer.headers)) response.header(name, value);
  if (payload) {
    const client = answer.open(payload.sink);
    payload.on('drain', () => client.onSinkDrain());
    // hapi destroys the payload of every response it is done with: ended, aborted, or never sent.
    payload.once('close', () => client.onSinkClose());
  }
  return response;
}

/**
 * The plugin of the default export, also exported by name so that `require('@sse-channel/hapi')` is
 * itself a `{ plugin }` object to register.
 */
export const plugin: Plugin<void> = {
  name: '@sse-channel/hapi',
  register(server) {
    server.decorate('toolkit', 'sse', function <E extends EventMap, M extends object>(this: ResponseToolkit, channel: SseChannel<E, M>) {
      return respond(this, channel);
    });
  },
};

/**
 * The hapi plugin that adds `h.sse(channel)`.
 *
 * @example
 * await server.register(sseChannel);
 * server.route({ method: 'GET', path: '/events', handler: (request, h) => h.sse(channel) });
 */
const sseChannel: {
  /** The plugin itself, as hapi's `server.register` takes it. */
  plugin: Plugin<void>;
} = { plugin };
export default sseChannel;

/**
 * A route handler that makes the request a client of a channel (no plugin needed). A refused
 * request gets a bare status: 403 (or `authorize`'s status), 404 when the resolver finds no
 * channel, 500 when it or `authorize` throws (reported to `onError`, default: `request.log` with
 * the tags `sse` and `error`). Route every method to it (`method: '*'`) when the channel answers
 * CORS preflights.
 *
 * @param channelOrResolver a channel, or a function of the request returning one (or a promise of one).
 * @throws TypeError at construction when an argument has the wrong type.
 * @example
 * server.route({ method: 'GET', path: '/rooms/{name}/events', handler: sse((request) => rooms.get(request.params.name)) });
 */
export function sse<E extends EventMap = AnyEvents, M extends object = ClientMetadata>(
  channelOrResolver: ChannelSource<SseChannel<E, M>, Request>,
  options?: AdapterOptions<Request>,
): Lifecycle.Method {
  const admit = admission(channelOrResolver, options, (error, request) =>
    request.log(['sse', 'error'], error instanceof Error ? error : String(error)),
  );
  return async (request, h) => {
    const found = await admit(request, request.method);
    return typeof found === 'number' ? h.response().code(found) : respond(h, found);
  };
}
