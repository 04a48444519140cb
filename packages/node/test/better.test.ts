// Where behaviour.md says "Better": one test each for what the original did worse.
import { request as httpRequest, type ServerResponse } from 'node:http';
import { waitFor } from '@sse-channel/testkit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SseChannel } from '../src/index.js';
import { cleanup, nextConnect, openEvents, openRaw, serve, type Handler } from './fixture.js';

afterEach(async () => {
  await cleanup();
  vi.restoreAllMocks();
});

/** Counts `disconnect` events per response. */
function countDisconnects(channel: SseChannel): Map<ServerResponse, number> {
  const counts = new Map<ServerResponse, number>();
  channel.on('disconnect', (_, res) => counts.set(res, (counts.get(res) ?? 0) + 1));
  return counts;
}

/** Resolves once the response has closed and every event of its closing has been dispatched. */
async function closed(res: ServerResponse): Promise<void> {
  await waitFor(() => res.closed, 5000, 'the response to close');
  await new Promise((resolve) => setImmediate(resolve));
}

/** One raw client of a channel whose response records the errors it emits; resolves once it is connected. */
async function connectRecordingErrors() {
  const errors: Error[] = [];
  const handler: Handler = (_req, res, addClient) => {
    res.on('error', (error) => errors.push(error));
    addClient();
  };
  const { channel, url } = await serve({}, { handler });
  const connected = nextConnect(channel);
  const raw = openRaw(url);
  const [req, res] = await connected;
  return { channel, raw, req, res, errors };
}

// NUL in an id or an event name is refused like CR and LF: see badInput.test.ts.
describe('better than the original', () => {
  it('sends Cache-Control no-transform, X-Accel-Buffering no and a charset', async () => {
    const { url } = await serve();
    const raw = openRaw(url);
    await raw.waitForHead();
    expect(raw.header('cache-control')).toBe('no-cache, no-transform');
    expect(raw.header('x-accel-buffering')).toBe('no');
    expect(raw.header('content-type')).toBe('text/event-stream; charset=utf-8');
  });

  it('sends Connection: keep-alive on HTTP/1.1, even where node would answer close', async () => {
    const { url } = await serve();
    const raw = openRaw(url, { Connection: 'close' });
    await raw.waitForHead();
    expect(raw.header('connection')).toBe('keep-alive');
  });

  it('sends no pings and starts no timer with pingInterval 0', async () => {
    const setIntervalSpy = vi.spyOn(globalThis, 'setInterval');
    const silent = await serve({ pingInterval: 0 });
    const pinging = await serve({ pingInterval: 25 });
    const quiet = openRaw(silent.url);
    await quiet.waitFor(':ok\n\n');
    expect(setIntervalSpy).not.toHaveBeenCalled();
    const control = openRaw(pinging.url);
    await control.waitFor(':ok\n\n:\n:\n:\n');
    expect(quiet.body).toBe(':ok\n\n');
  });

  it('finds the Last-Event-ID by exact match before comparing ids as numbers', async () => {
    const { channel, url } = await serve();
    for (const id of [10, 2, 7]) channel.send({ id, data: `Event #${id}` });
    channel.on('connect', () => channel.send('end'));
    const stream = openEvents(url, { headers: { 'Last-Event-ID': '10' } });
    await waitFor(() => stream.data.includes('end'));
    expect(stream.data).toEqual(['Event #2', 'Event #7', 'end']);
  });

  it('ignores a Last-Event-ID of more than 1 KiB', async () => {
    const { channel, url } = await serve();
    channel.send({ id: 1, data: 'kept' });
    const raw = openRaw(url, { 'Last-Event-ID': '1'.repeat(1025) });
    await raw.waitFor(':ok\n\n');
    channel.send('end');
    expect(await raw.waitFor('end')).toBe(':ok\n\ndata: end\n\n');
  });

  it('emits disconnect exactly once for a client that goes away', async () => {
    const { channel, url } = await serve();
    const counts = countDisconnects(channel);
    const connected = nextConnect(channel);
    const raw = openRaw(url, {}, 'POST');
    const [, res] = await connected;
    raw.close();
    await closed(res);
    expect(counts.get(res)).toBe(1);
  });

  it('emits disconnect exactly once for a removed client whose connection then closes', async () => {
    const { channel, url } = await serve();
    const counts = countDisconnects(channel);
    const connected = nextConnect(channel);
    const raw = openRaw(url);
    const [, res] = await connected;
    channel.removeClient(res);
    raw.close();
    await closed(res);
    expect(counts.get(res)).toBe(1);
  });

  it('emits disconnect exactly once per client on close()', async () => {
    const { channel, url } = await serve();
    const counts = countDisconnects(channel);
    const responses: ServerResponse[] = [];
    channel.on('connect', (_, _req, res) => responses.push(res));
    const streams = [openRaw(url), openRaw(url)];
    await waitFor(() => responses.length === 2);
    channel.close();
    for (const stream of streams) await stream.waitForFinish();
    for (const res of responses) await closed(res);
    expect([...counts.values()]).toEqual([1, 1]);
  });

  it('drops a client whose connection closed before addClient was called, with one disconnect', async () => {
    let received = false;
    let added = false;
    const { channel, url } = await serve(
      {},
      {
        handler: (req, _res, addClient) => {
          received = true;
          req.socket.once('close', () => {
            addClient();
            added = true;
          });
        },
      },
    );
    const disconnects: ServerResponse[] = [];
    channel.on('disconnect', (_, res) => disconnects.push(res));
    const raw = openRaw(url);
    await waitFor(() => received);
    raw.close();
    await waitFor(() => added);
    expect(channel.getConnectionCount()).toBe(0);
    await new Promise((resolve) => setImmediate(resolve));
    expect(disconnects).toHaveLength(1);
  });

  it('keeps a client whose request body was consumed', async () => {
    const { channel, url } = await serve(
      {},
      {
        handler: (req, _res, addClient) => {
          addClient();
          req.resume();
        },
      },
    );
    let body = '';
    const request = httpRequest(url, { method: 'POST', headers: { 'Content-Type': 'text/plain' } }, (res) =>
      res.on('data', (chunk: Buffer) => (body += chunk.toString())),
    );
    const connected = nextConnect(channel);
    request.end('a request body');
    const [req] = await connected;
    await waitFor(() => req.readableEnded, 5000, 'the request body to be consumed');
    channel.send('still here');
    await waitFor(() => body.includes('still here'));
    expect(channel.getConnectionCount()).toBe(1);
    request.destroy();
  });

  it('does not throw on send after close()', async () => {
    const { channel, url } = await serve();
    const raw = openRaw(url);
    await raw.waitFor(':ok\n\n');
    channel.close();
    expect(() => channel.send({ id: 1, data: 'late' })).not.toThrow();
    await raw.waitForFinish();
    expect(() => channel.send({ id: 2, data: 'later' })).not.toThrow();
    expect(raw.body).toBe(':ok\n\n');
  });

  it('never writes to a response the application has ended', async () => {
    const { channel, raw, res, errors } = await connectRecordingErrors();
    await raw.waitFor(':ok\n\n');
    res.end();
    expect(() => channel.send('after the end')).not.toThrow();
    channel.ping();
    await raw.waitForFinish();
    await closed(res);
    expect(errors).toEqual([]);
    expect(raw.body).toBe(':ok\n\n');
  });

  it('never throws writing to a response whose client went away', async () => {
    const { channel, raw, req, res, errors } = await connectRecordingErrors();
    raw.close();
    await waitFor(() => req.socket.destroyed, 5000, 'the socket to close');
    expect(() => channel.send('to nobody')).not.toThrow();
    await closed(res);
    expect(errors).toEqual([]);
  });

  it('answers HEAD with the head only, and does not add a client', async () => {
    const { channel, url } = await serve();
    const raw = openRaw(url, {}, 'HEAD');
    await raw.waitForHead();
    expect(raw.status).toBe(200);
    expect(raw.header('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(channel.getConnectionCount()).toBe(0);
  });

  it('refuses PUT with 405 and calls back with an Error', async () => {
    let seen: Error | undefined;
    const { channel, url } = await serve({}, { callback: (error) => (seen = error) });
    const raw = openRaw(url, { 'Content-Length': '0' }, 'PUT');
    await raw.waitForHead();
    expect(raw.status).toBe(405);
    expect(raw.header('allow')).toBe('GET, POST, HEAD, OPTIONS');
    await waitFor(() => seen !== undefined);
    expect(seen).toBeInstanceOf(Error);
    expect(channel.getConnectionCount()).toBe(0);
  });

  it('refuses an origin that cors does not allow with 403 and does not add it', async () => {
    const { channel, url } = await serve({ cors: { origins: ['http://allowed.example'] } });
    const refused = openRaw(url, { Origin: 'http://evil.example' });
    await refused.waitForHead();
    expect(refused.status).toBe(403);
    const served = openRaw(url, { Origin: 'http://allowed.example' });
    await served.waitFor(':ok\n\n');
    expect(served.header('access-control-allow-origin')).toBe('http://allowed.example');
    expect(channel.getConnectionCount()).toBe(1);
  });
});
