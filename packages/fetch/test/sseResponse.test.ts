import { createAdaptorServer } from '@hono/node-server';
import { EventStream, listen, RawStream, stop, waitFor } from '@sse-channel/testkit';
import { Hono } from 'hono';
import type { Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { SseChannel, sseResponse, type SseChannelOptions, type SseClient } from '../src/index.js';

const decoder = new TextDecoder();

/** Reads a body until `text` has arrived; returns everything read. */
async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, text: string): Promise<string> {
  let body = '';
  while (!body.includes(text)) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`the body ended before ${JSON.stringify(text)}`);
    body += decoder.decode(value, { stream: true });
  }
  return body;
}

describe('sseResponse over a real Fetch server (Hono on its node server)', () => {
  let server: Server | undefined;
  let channel: SseChannel;
  const clients: Array<{ close(): void }> = [];

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    channel?.close();
    if (server) await stop(server);
    server = undefined;
  });

  async function serve(options: SseChannelOptions = {}): Promise<string> {
    channel = new SseChannel({ pingInterval: 0, ...options });
    const app = new Hono().on(['GET', 'POST', 'HEAD', 'OPTIONS', 'PUT'], '/events', (c) => sseResponse(channel, c.req.raw));
    server = createAdaptorServer({ fetch: app.fetch }) as Server;
    return `${await listen(server)}/events`;
  }

  it('answers with the event-stream head and the events as they are sent', async () => {
    const url = await serve({ retryTimeout: 1500 });
    const stream = new RawStream(url);
    clients.push(stream);
    await stream.waitFor(':ok\n\nretry: 1500\n');
    channel.send({ id: 1, event: 'price', data: '42' });
    expect(await stream.waitFor('data: 42\n\n')).toBe(':ok\n\nretry: 1500\nevent: price\nid: 1\ndata: 42\n\n');
    expect(stream.status).toBe(200);
    expect(stream.header('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(stream.header('cache-control')).toBe('no-cache, no-transform');
    expect(stream.header('x-accel-buffering')).toBe('no');
  });

  it('is read by the eventsource client, which resumes after the Last-Event-ID it saw', async () => {
    const url = await serve({ retryTimeout: 5 });
    const stream = new EventStream(url);
    clients.push(stream);
    await stream.opened();
    channel.send({ id: 1, data: 'one' });
    await stream.received(1);
    const reconnected = new Promise((resolve) => channel.once('connect', (_channel, _request, _handle, info) => resolve(info.lastEventId)));
    channel.close();
    channel.send({ id: 2, data: 'two' });
    expect(await reconnected).toBe('1');
    expect((await stream.received(2)).map((event) => event.data)).toEqual(['one', 'two']);
  });

  it('answers HEAD with the head only, a preflight with 204 and other methods with 405', async () => {
    const url = await serve({ cors: { origins: ['https://app.example'] } });
    const head = await fetch(url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const preflight = await fetch(url, { method: 'OPTIONS', headers: { Origin: 'https://app.example' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect((await fetch(url, { method: 'PUT' })).status).toBe(405);
    expect((await fetch(url, { headers: { Origin: 'https://evil.example' } })).status).toBe(403);
    expect(channel.getConnectionCount()).toBe(0);
  });

  it('removes the client when the HTTP client goes away', async () => {
    const url = await serve();
    const stream = new RawStream(url);
    await stream.waitFor(':ok\n\n');
    const disconnected = new Promise((resolve) => channel.once('disconnect', resolve));
    stream.close();
    await disconnected;
    expect(channel.getConnectionCount()).toBe(0);
  });
});

describe('sseResponse backpressure and cancellation (the Response body as a reader sees it)', () => {
  const url = 'http://127.0.0.1/events';

  it('queues for a reader that stops pulling, and delivers everything in order when it reads again', async () => {
    const channel = new SseChannel({ pingInterval: 0 });
    let client: SseClient<Request> | undefined;
    channel.once('connect', (_channel, _request, _handle, info) => (client = info.client));
    const reader = (channel.response(new Request(url)).body as ReadableStream<Uint8Array>).getReader();
    await readUntil(reader, ':ok\n\n');
    const payload = 'x'.repeat(16 * 1024);
    for (let n = 0; n < 12; n++) {
      channel.send({ id: n, data: payload });
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(client?.queuedBytes).toBeGreaterThan(0);
    channel.send({ id: 'end', data: 'end' });
    const body = await readUntil(reader, 'data: end\n\n');
    expect(body.match(/^id: .*$/gm)).toEqual([...Array.from({ length: 12 }, (_, n) => `id: ${n}`), 'id: end']);
    expect(client?.queuedBytes).toBe(0);
    channel.close();
  });

  it('removes the client when the body is cancelled', async () => {
    const channel = new SseChannel({ pingInterval: 0 });
    const reader = (channel.response(new Request(url)).body as ReadableStream<Uint8Array>).getReader();
    await readUntil(reader, ':ok\n\n');
    let disconnects = 0;
    channel.on('disconnect', () => disconnects++);
    await reader.cancel();
    expect(disconnects).toBe(1);
    expect(channel.getConnectionCount()).toBe(0);
  });

  it('removes the client when the request is aborted', async () => {
    const channel = new SseChannel({ pingInterval: 0 });
    const abort = new AbortController();
    channel.response(new Request(url, { signal: abort.signal }));
    expect(channel.getConnectionCount()).toBe(1);
    abort.abort();
    await waitFor(() => channel.getConnectionCount() === 0);
  });

  it('removes a client whose request was aborted before its response was made, once', async () => {
    const channel = new SseChannel({ pingInterval: 0 });
    let disconnects = 0;
    channel.on('disconnect', () => disconnects++);
    channel.response(new Request(url, { signal: AbortSignal.abort() }));
    expect(channel.getConnectionCount()).toBe(0);
    expect(disconnects).toBe(1);
  });

  it('removes the client once when the body is cancelled and the request aborted', async () => {
    const channel = new SseChannel({ pingInterval: 0 });
    const abort = new AbortController();
    let disconnects = 0;
    channel.on('disconnect', () => disconnects++);
    const reader = (channel.response(new Request(url, { signal: abort.signal })).body as ReadableStream<Uint8Array>).getReader();
    abort.abort();
    await reader.cancel();
    expect(disconnects).toBe(1);
    expect(channel.getConnectionCount()).toBe(0);
  });

  it('resolves close({ event }) only once the body has been read to its end', async () => {
    const channel = new SseChannel({ pingInterval: 0 });
    const reader = (channel.response(new Request(url)).body as ReadableStream<Uint8Array>).getReader();
    let closed = false;
    const closing = channel.close({ event: { event: 'shutdown', data: 'bye' } }).then(() => (closed = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(closed).toBe(false);
    let body = '';
    for (let read = await reader.read(); !read.done; read = await reader.read()) body += decoder.decode(read.value);
    await closing;
    expect(body).toBe(':ok\n\nevent: shutdown\ndata: bye\n\n');
  });

  it('resolves close() when a reader that stopped cancels the body instead', async () => {
    const channel = new SseChannel({ pingInterval: 0 });
    const reader = (channel.response(new Request(url)).body as ReadableStream<Uint8Array>).getReader();
    const closing = channel.close();
    await reader.cancel();
    await closing;
    expect(channel.getConnectionCount()).toBe(0);
  });

  it('resolves close() when the request of a reader that stopped is aborted', async () => {
    const channel = new SseChannel({ pingInterval: 0 });
    const abort = new AbortController();
    channel.response(new Request(url, { signal: abort.signal }));
    const closing = channel.close();
    abort.abort();
    await closing;
  });

  it('disconnects a reader that stopped once its queue goes over maxQueuedBytes, ending its body', async () => {
    const channel = new SseChannel({ pingInterval: 0, maxQueuedBytes: 64 * 1024 });
    const slow: number[] = [];
    channel.on('slow-client', (_channel, _handle, bytes) => slow.push(bytes));
    const reader = (channel.response(new Request(url)).body as ReadableStream<Uint8Array>).getReader();
    await readUntil(reader, ':ok\n\n');
    for (let n = 0; slow.length === 0 && n < 100; n++) {
      channel.send({ id: n, data: 'x'.repeat(16 * 1024) });
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(slow).toHaveLength(1);
    expect(slow[0]).toBeGreaterThan(64 * 1024);
    expect(channel.getConnectionCount()).toBe(0);
    let read = await reader.read();
    while (!read.done) read = await reader.read();
  });

  it('drops the oldest queued events of a reader that stopped, and delivers the newest when it reads again', async () => {
    const channel = new SseChannel({ pingInterval: 0, maxQueuedBytes: 64 * 1024, slowClientPolicy: 'drop-oldest' });
    let dropped = 0;
    channel.on('drop', (_channel, _handle, bytes) => (dropped += bytes));
    const reader = (channel.response(new Request(url)).body as ReadableStream<Uint8Array>).getReader();
    await readUntil(reader, ':ok\n\n');
    for (let n = 0; n < 20; n++) {
      channel.send({ id: n, data: 'x'.repeat(16 * 1024) });
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(dropped).toBeGreaterThan(0);
    expect(channel.getConnectionCount()).toBe(1);
    channel.send({ id: 'end', data: 'end' });
    const ids = (await readUntil(reader, 'data: end\n\n')).match(/^id: .*$/gm) ?? [];
    expect(ids.length).toBeLessThan(21);
    expect(ids.at(-1)).toBe('id: end');
    const numbers = ids.slice(0, -1).map((line) => Number(line.slice(4)));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(numbers.at(-1)).toBe(19);
    channel.close();
  });

  it('refuses to answer the same request twice, leaving its client streaming', async () => {
    const channel = new SseChannel({ pingInterval: 0 });
    const request = new Request(url);
    const reader = (channel.response(request).body as ReadableStream<Uint8Array>).getReader();
    expect(() => channel.response(request)).toThrow('This request is already a client of the channel');
    channel.send('still here');
    expect(await readUntil(reader, 'data: still here\n\n')).toBe(':ok\n\ndata: still here\n\n');
    expect(channel.getConnectionCount()).toBe(1);
    channel.close();
  });

  it('closes the body when the channel closes the client', async () => {
    const channel = new SseChannel({ pingInterval: 0 });
    const response = channel.response(new Request(url));
    channel.close();
    expect(await response.text()).toBe(':ok\n\n');
  });
});
