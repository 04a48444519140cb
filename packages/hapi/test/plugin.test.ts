import { PassThrough } from 'node:stream';
import Hapi from '@hapi/hapi';
import { afterEach, expect, it } from 'vitest';
import { EventStream, RawStream, waitFor } from '@sse-channel/testkit';
import sseChannel, { SseChannel, sse } from '../src/index.js';

let server: Hapi.Server;
const channel = new SseChannel();
afterEach(async () => {
  channel.close();
  await server.stop({ timeout: 50 });
});

async function start(route: Hapi.ServerRoute | Hapi.ServerRoute[]): Promise<string> {
  server = Hapi.server({ host: '127.0.0.1', port: 0 });
  await server.register(sseChannel);
  server.ext('onPreResponse', (request, h) => {
    if (!('isBoom' in request.response)) request.response.header('x-served-by', 'hapi');
    return h.continue;
  });
  server.route(route);
  await server.start();
  return server.info.uri;
}

it('streams events through h.sse(channel)', async () => {
  const url = await start({ method: 'GET', path: '/events', handler: (_request, h) => h.sse(channel) });
  const stream = new EventStream(`${url}/events`);
  await stream.opened();
  channel.send({ id: 7, data: 'through the toolkit' });
  expect(await stream.received(1)).toEqual([{ type: 'message', data: 'through the toolkit', lastEventId: '7' }]);
  stream.close();
});

it('goes through the lifecycle: extensions add headers, the response event fires when the stream ends', async () => {
  const url = await start({ method: 'GET', path: '/events', handler: (_request, h) => h.sse(channel) });
  const responses: number[] = [];
  server.events.on('response', (request) => responses.push(request.raw.res.statusCode));
  const stream = new RawStream(`${url}/events`);
  await stream.waitFor(':ok\n\n');
  expect(stream.header('x-served-by')).toBe('hapi');
  expect(responses).toEqual([]);
  channel.close();
  await waitFor(() => stream.finished);
  await waitFor(() => responses.length === 1);
  expect(responses).toEqual([200]);
  stream.close();
});

it('logs what the resolver threw as a request event tagged sse and error by default', async () => {
  const url = await start({ method: 'GET', path: '/events', handler: sse(() => Promise.reject(new Error('no such room'))) });
  const logged: string[] = [];
  server.events.on({ name: 'request', channels: 'app' }, (_request, event) => {
    if (event.tags.includes('sse') && event.tags.includes('error')) logged.push(String(event.error));
  });
  const response = await fetch(`${url}/events`);
  expect(response.status).toBe(500);
  expect(logged).toEqual(['Error: no such room']);
});

// The hapi scenarios' transport leaves hapi's internal channel out of the errors it records: this is why.
it('is logged by hapi when the client leaves exactly as any endless response is: on the internal channel only', async () => {
  const endless = () => {
    const body = new PassThrough();
    body.write('open\n');
    return body;
  };
  const url = await start([
    { method: 'GET', path: '/events', handler: (_request, h) => h.sse(channel) },
    { method: 'GET', path: '/endless', handler: (_request, h) => h.response(endless()).type('text/plain') },
  ]);
  const logged = new Map<string, string[]>();
  server.events.on({ name: 'request', channels: ['error', 'app', 'internal'] }, (request, event) => {
    if (event.tags.includes('error')) logged.set(request.path, [...(logged.get(request.path) ?? []), `${event.channel}: ${event.tags.join(', ')}`]);
  });
  const responded: string[] = [];
  server.events.on('response', (request) => responded.push(request.path));
  for (const path of ['/events', '/endless']) {
    const stream = new RawStream(`${url}${path}`);
    await stream.waitForHead();
    stream.reset();
    await waitFor(() => responded.includes(path));
  }
  expect(logged.get('/events')).toEqual(logged.get('/endless'));
  expect(logged.get('/events')).toEqual(['internal: request, error, abort', 'internal: response, error, aborted']);
});
