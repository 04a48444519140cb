import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  RouteGenericInterface,
} from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import { admission, type AdapterOptions, type ChannelSource } from '@sse-channel/core';
import { SseChannel, type NodeChannel } from '@sse-channel/node';

export { SseChannel };
export type { NodeChannel } from '@sse-channel/node';
export type { AdapterOptions, Authorize, ChannelSource } from '@sse-channel/core';


declare module 'fastify' {
  interface FastifyReply {
    /**
     * Makes this request a client of `channel`: the reply is hijacked, so fastify sends nothing of
     * its own, and the node adapter answers on the raw response. Headers already set on the reply
     * (by hooks) are kept. Added by the `@sse-channel/fastify` plugin.
     */
    sse(channel: NodeChannel): FastifyReply;
  }
}

/** The route handler `sse()` returns; `G` types the request as the route's generic does. */
export type SseRouteHandler<G extends RouteGenericInterface> = (
  request: FastifyRequest<G>,
  reply: FastifyReply,
) => Promise<FastifyReply>;

function serve(reply: FastifyReply, channel: NodeChannel): FastifyReply {
  reply.hijack();
  for (const [name, value] of Object.entries(reply.getHeaders())) {
    if (value !== undefined) reply.raw.setHeader(name, value);
  }
  channel.addClient(reply.request.raw, reply.raw);
  return reply;
}

/**
 * The fastify plugin that adds `reply.sse(channel)`.
 *
 * @example
 * await app.register(ssePlugin);
 * app.get('/events', (request, reply) => reply.sse(channel));
 */
function ssePlugin(fastify: FastifyInstance, _options: Record<never, never>, done: (error?: Error) => void): void {
  fastify.decorateReply('sse', function (this: FastifyReply, channel: NodeChannel) {
    return serve(this, channel);
  });
  done();
}
// fastify-plugin marks the function itself, which stays a function declaration: the CommonJS types merge the named exports into it.
fastifyPlugin(ssePlugin, { fastify: '5.x', name: '@sse-channel/fastify' });
export default ssePlugin;

/**
 * A route handler that makes the request a client of a channel (no plugin needed). A refused
 * request gets a bare status: 403 (or `authorize`'s status), 404 when the resolver finds no
 * channel, 500 when it or `authorize` throws (reported to `onError`, default `request.log.error`).
 * Route every method to it (`app.all`) when the channel answers CORS preflights.
 *
 * @param channelOrResolver a channel, or a function of the request returning one (or a promise of one).
 * @throws TypeError at construction when an argument has the wrong type.
 * @example
 * app.get<{ Params: { name: string } }>('/rooms/:name/events', sse((request) => rooms.get(request.params.name)));
 */
export function sse<G extends RouteGenericInterface = RouteGenericInterface>(
  channelOrResolver: ChannelSource<NodeChannel, FastifyRequest<G>>,
  options?: AdapterOptions<FastifyRequest<G>>,
): SseRouteHandler<G> {
  const admit = admission(channelOrResolver, options, (error, request) =>
    request.log.error({ err: error }, 'could not admit an SSE client'),
  );
  return async (request, reply) => {
    const found = await admit(request, request.method);
    if (typeof found === 'number') return reply.code(found).send();
    return serve(reply, found);
  };
}
