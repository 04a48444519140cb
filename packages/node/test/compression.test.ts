import type { IncomingMessage, ServerResponse } from 'node:http';
import compression from 'compression';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, nextConnect, openEvents, openRaw, serve, type Handler } from './fixture.js';

afterEach(cleanup);

/** The `compression` middleware in front of addClient, as an express app would have it. */
function compressed(prepare: (res: ServerResponse) => void = () => {}): Handler {
  const middleware = compression() as unknown as (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
  return (req, res, addClient) =>
    middleware(req, res, () => {
      prepare(res);
      addClient();
    });
}

/** An application that overrides Cache-Control, so compression does gzip the stream. */
function allowTransform(res: ServerResponse): void {
  const writeHead = res.writeHead.bind(res) as (status: number, headers: Record<string, string>) => ServerResponse;
  res.writeHead = ((status: number, headers: Record<string, string>) =>
    writeHead(status, { ...headers, 'Cache-Control': 'no-cache' })) as typeof res.writeHead;
}

describe('behind the compression middleware', () => {
  it('is not compressed, because of Cache-Control no-transform, and events arrive', async () => {
    const { channel, url } = await serve({}, { handler: compressed() });
    const raw = openRaw(url, { 'Accept-Encoding': 'gzip' });
    await raw.waitFor(':ok\n\n');
    channel.send('plain');
    await raw.waitFor('data: plain\n\n');
    expect(raw.header('content-encoding')).toBeUndefined();
  });

  it('delivers each event promptly when the stream is gzipped, because flush() is called', async () => {
    const { channel, url } = await serve({}, { handler: compressed(allowTransform) });
    const connected = nextConnect(channel);
    const stream = openEvents(url, { headers: { 'Accept-Encoding': 'gzip' } });
    const [, res] = await connected;
    await stream.opened();
    expect(res.getHeader('Content-Encoding')).toBe('gzip');
    channel.send('first');
    await stream.received(1, 2000);
    channel.send('second');
    expect((await stream.received(2, 2000)).map((event) => event.data)).toEqual(['first', 'second']);
  });

  it('delivers the replay a client connects to at once when the stream is gzipped, with nothing sent after', async () => {
    const history = [1, 2, 3].map((id) => ({ id, data: `missed ${id}` }));
    const { channel, url } = await serve({ history }, { handler: compressed(allowTransform) });
    const connected = nextConnect(channel);
    const stream = openEvents(url, { headers: { 'Accept-Encoding': 'gzip', 'Last-Event-ID': '1' } });
    const [, res] = await connected;
    expect(res.getHeader('Content-Encoding')).toBe('gzip');
    expect((await stream.received(2, 1000)).map((event) => event.data)).toEqual(['missed 2', 'missed 3']);
  });
});
