import {
  connect,
  createSecureServer,
  createServer,
  type ClientHttp2Session,
  type Http2Server,
  type Http2ServerRequest,
  type Http2ServerResponse,
} from 'node:http2';
import type { IncomingMessage } from 'node:http';
import { get as httpsGet } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '@sse-channel/testkit';
import { SseChannel, type AnyEvents, type ClientMetadata, type NodeRequest, type SseEvent, type NodeResponse } from '../../src/index.js';
import { Http2Stream, selfSignedCertificate } from './http2Client.js';

const certificate = selfSignedCertificate();

type Http2Channel = SseChannel<AnyEvents, ClientMetadata, Http2ServerResponse, Http2ServerRequest>;

interface Setup {
  name: string;
  server: (channel: Http2Channel) => Http2Server;
  connect: (url: string) => ClientHttp2Session;
  scheme: string;
}

const setups: Setup[] = [
  {
    name: 'h2c (cleartext)',
    scheme: 'http',
    server: (channel) => createServer((req, res) => channel.addClient(req, res)),
    connect: (url) => connect(url),
  },
  {
    name: 'h2 over TLS',
    scheme: 'https',
    server: (channel) => createSecureServer({ ...certificate }, (req, res) => channel.addClient(req, res)),
    connect: (url) => connect(url, { ca: certificate?.cert }),
  },
];

describe.each(setups)('HTTP/2: $name', (setup) => {
  const skip = setup.scheme === 'https' && certificate === undefined;
  let server: Http2Server | undefined;
  let session: ClientHttp2Session | undefined;
  let channel: Http2Channel;

  const start = async (options: { history?: SseEvent[] } = {}) => {
    channel = new SseChannel<AnyEvents, ClientMetadata, Http2ServerResponse, Http2ServerRequest>({ pingInterval: 0, ...options });
    server = setup.server(channel);
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    session = setup.connect(`${setup.scheme}://127.0.0.1:${port}`);
    session.on('error', () => undefined);
    return session;
  };

  afterEach(async () => {
    session?.destroy();
    await channel?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    server = undefined;
    session = undefined;
  });

  it.skipIf(skip)('answers with the event-stream headers and no Connection header', async () => {
    const stream = new Http2Stream(await start(), '/events');
    await stream.waitFor(':ok\n\n');
    expect(stream.headers?.[':status']).toBe(200);
    expect(stream.headers?.['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(stream.headers?.['cache-control']).toBe('no-cache, no-transform');
    expect(stream.headers?.['x-accel-buffering']).toBe('no');
    expect(stream.headers?.['connection']).toBeUndefined();
  });

  it.skipIf(skip)('delivers every event to many streams of one session', async () => {
    const client = await start();
    const streams = Array.from({ length: 50 }, () => new Http2Stream(client, '/events'));
    await waitFor(() => channel.getConnectionCount() === 50);
    for (let id = 1; id <= 10; id++) channel.send({ id, data: `event ${id}` });
    const expected = ':ok\n\n' + Array.from({ length: 10 }, (_, i) => `id: ${i + 1}\ndata: event ${i + 1}\n\n`).join('');
    for (const stream of streams) expect(await stream.waitFor('data: event 10\n\n')).toBe(expected);
  });

  it.skipIf(skip)('replays history after the Last-Event-ID header', async () => {
    const history = [1, 2, 3].map((id) => ({ id, data: `event ${id}` }));
    const stream = new Http2Stream(await start({ history }), '/events', { 'last-event-id': '1' });
    expect(await stream.waitFor('data: event 3\n\n')).toBe(':ok\n\nid: 2\ndata: event 2\n\nid: 3\ndata: event 3\n\n');
  });

  it.skipIf(skip)('drops a cancelled stream and keeps the others of its session', async () => {
    const client = await start();
    const [cancelled, kept] = [new Http2Stream(client, '/events'), new Http2Stream(client, '/events')] as const;
    await waitFor(() => channel.getConnectionCount() === 2);
    let disconnects = 0;
    channel.on('disconnect', () => disconnects++);
    cancelled.close();
    await waitFor(() => disconnects === 1);
    channel.send('still here');
    expect(await kept.waitFor('data: still here\n\n')).toBe(':ok\n\ndata: still here\n\n');
    expect(channel.getConnectionCount()).toBe(1);
  });

  it.skipIf(skip)('ends every stream with a final event on close, and resolves once they closed', async () => {
    const client = await start();
    const streams = [new Http2Stream(client, '/events'), new Http2Stream(client, '/events')];
    await waitFor(() => channel.getConnectionCount() === 2);
    await channel.close({ event: { event: 'shutdown', data: 'bye' } });
    for (const stream of streams) {
      await stream.waitForEnd();
      expect(stream.body).toBe(':ok\n\nevent: shutdown\ndata: bye\n\n');
    }
  });

  it.skipIf(skip)('counts no client once the session is gone', async () => {
    const client = await start();
    for (let i = 0; i < 20; i++) new Http2Stream(client, '/events');
    await waitFor(() => channel.getConnectionCount() === 20);
    client.destroy();
    await waitFor(() => channel.getConnectionCount() === 0);
  });
});

describe.skipIf(certificate === undefined)('HTTP/2 with HTTP/1.1 fallback on one server', () => {
  it('sends Connection: keep-alive to HTTP/1.1 clients only', async () => {
    const channel = new SseChannel<AnyEvents, ClientMetadata, NodeResponse, NodeRequest>({ pingInterval: 0 });
    const server = createSecureServer({ ...certificate, allowHTTP1: true }, (req, res) => channel.addClient(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const session = connect(url, { ca: certificate?.cert });
    try {
      const h2 = new Http2Stream(session, '/events');
      const h1 = await new Promise<IncomingMessage>((resolve) => httpsGet(`${url}/events`, { ca: certificate?.cert }, resolve));
      await h2.waitFor(':ok\n\n');
      expect(h1.headers['connection']).toBe('keep-alive');
      expect(h2.headers?.['connection']).toBeUndefined();
      expect(channel.getConnectionCount()).toBe(2);
      h1.destroy();
    } finally {
      session.destroy();
      await channel.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
