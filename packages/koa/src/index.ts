import type { Context, Middleware } from 'koa';
import { admission, type AdapterOptions, type ChannelSource } from '@sse-channel/core';
import { SseChannel, type NodeChannel } from '@sse-channel/node';

export { SseChannel };
export type { NodeChannel } from '@sse-channel/node';
export type { AdapterOptions, Authorize, ChannelSource } from '@sse-channel/core';


/**
 * Koa middleware that turns the request into a client of a channel. Koa runs on node:http, so once
 * the channel is found and the request authorized, the node adapter's `addClient` takes the raw
 * request and response, and `ctx.respond = false` keeps koa (and koa-compress) from writing anything
 * after. A refused request gets a bare status: 403 (or `authorize`'s status), 404 when the resolver
 * finds no channel, 500 when it or `authorize` throws (reported to `onError`, default: the app's
 * `error` event). Route every method to it (`router.all`) when the channel answers CORS preflights.
 *
 * @param channelOrResolver a channel, or a function of the context returning one (or a promise of one).
 * @throws TypeError at construction when an argument has the wrong type.
 * @example
 * const rooms = new Map([['lobby', new SseChannel()]]);
 * router.get('/rooms/:name/events', sse((ctx) => rooms.get(ctx.params.name)));
 */
export function sse<C extends Context = Context>(
  channelOrResolver: ChannelSource<NodeChannel, C>,
  options?: AdapterOptions<C>,
): Middleware<C['state'], C> {
  const admit = admission(channelOrResolver, options, (error, ctx) => ctx.app.emit('error', error, ctx));
  return async (ctx) => {
    ignoreClientLeaving(ctx);
    const found = await admit(ctx, ctx.method);
    if (typeof found === 'number') {
      ctx.status = found;
      return;
    }
    ctx.respond = false;
    found.addClient(ctx.req, ctx.res);
  };
}

/**
 * koa hands the error of the request's socket to `ctx.onerror` (through `on-finished`) whenever the
 * connection fails before the response finished, and its default handler logs it. An event stream
 * finishes only when the client leaves, so every reset or broken pipe would be logged: the socket's
 * own error is the client leaving, and only that error is kept from koa. Others still reach it.
 */
function ignoreClientLeaving(ctx: Context): void {
  const onerror = ctx.onerror;
  ctx.onerror = (error) => {
    if (error !== ctx.req.socket?.errored) onerror.call(ctx, error);
  };
}
