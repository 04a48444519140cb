import type { Request, Response } from 'express';
import { admission, type AdapterOptions, type ChannelSource } from '@sse-channel/core';
import { SseChannel, type NodeChannel } from '@sse-channel/node';

export { SseChannel };
export type { NodeChannel } from '@sse-channel/node';
export type { AdapterOptions, Authorize, ChannelSource } from '@sse-channel/core';


/**
 * Express middleware that turns the request into a client of a channel. Express runs on node:http,
 * so once the channel is found and the request authorized, the node adapter's `addClient` does the rest.
 * A refused request gets a bare status: 403 (or `authorize`'s status), 404 when the resolver finds
 * no channel, 500 when it or `authorize` throws (reported to `onError`, default `console.error`).
 * Route every method to it (`app.all`) when the channel answers CORS preflights.
 *
 * @param channelOrResolver a channel, or a function of the request returning one (or a promise of one).
 * @throws TypeError at construction when an argument has the wrong type.
 * @example
 * const rooms = new Map([['lobby', new SseChannel()]]);
 * app.get('/rooms/:name/events', sse((req) => rooms.get(req.params.name)));
 */
export function sse(
  channelOrResolver: ChannelSource<NodeChannel, Request>,
  options?: AdapterOptions<Request>,
): (req: Request, res: Response) => Promise<void> {
  const admit = admission(channelOrResolver, options, (error) => console.error(error));
  return async (req, res) => {
    const found = await admit(req, req.method);
    if (typeof found === 'number') res.sendStatus(found);
    else found.addClient(req, res);
  };
}
