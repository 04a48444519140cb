import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { EventStream, listen, RawStream, stop } from '@sse-channel/testkit';
import { SseChannel, type AddClientCallback, type SseChannelOptions } from '../src/index.js';

/** What a test's server does before (or instead of) `addClient`. */
export type Handler = (req: IncomingMessage, res: ServerResponse, addClient: () => void) => void;

const cleanups: Array<() => unknown> = [];

/** Closes every client, channel and server the test opened. Register with `afterEach(cleanup)`. */
export async function cleanup(): Promise<void> {
  for (const close of cleanups.splice(0).reverse()) await close();
}

/**
 * A channel (pings off unless asked for) served by a real node:http server on 127.0.0.1:0 that
 * adds every request as a client. `handler` can wrap the request first.
 */
export async function serve(
  options: SseChannelOptions = {},
  { callback, handler }: { callback?: AddClientCallback; handler?: Handler } = {},
): Promise<{ channel: SseChannel; url: string }> {
  const channel = new SseChannel({ pingInterval: 0, ...options });
  const server = createServer((req, res) => {
    const addClient = () => channel.addClient(req, res, callback);
    if (handler) handler(req, res, addClient);
    else addClient();
  });
  const url = `${await listen(server)}/sse`;
  cleanups.push(() => stop(server), () => channel.close());
  return { channel, url };
}

/** A real `eventsource` client, closed after the test. */
export function openEvents(url: string, options?: ConstructorParameters<typeof EventStream>[1]): EventStream {
  const stream = new EventStream(url, options);
  cleanups.push(() => stream.close());
  return stream;
}

/** A raw socket request, closed after the test. */
export function openRaw(url: string, headers?: Record<string, string>, method?: string): RawStream {
  const stream = new RawStream(url, headers, method);
  cleanups.push(() => stream.close());
  return stream;
}

/** Resolves with the arguments of the channel's next `connect` event. */
export function nextConnect(channel: SseChannel): Promise<[IncomingMessage, ServerResponse]> {
  return new Promise((resolve) => channel.once('connect', (_, req, res) => resolve([req, res])));
}

/** Sends six events with ids 1338 to 1343, data `Event #<id>`. */
export function sendSix(channel: SseChannel): void {
  for (let id = 1338; id <= 1343; id++) channel.send({ id, data: `Event #${id}` });
}
