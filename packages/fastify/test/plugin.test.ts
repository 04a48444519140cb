import { Writable } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, expect, it } from 'vitest';
import { EventStream, RawStream } from '@sse-channel/testkit';
import ssePlugin, { SseChannel, sse } from '../src/index.js';

let app: FastifyInstance;
const channel = new SseChannel();
const logs: Array<{ level: number; msg: string; err?: { message: string } }> = [];
let sentAfterSse: boolean | undefined;
afterEach(async () => {
  channel.close();
  await app.close();
});

async function start(): Promise<string> {
  logs.length = 0;
  const stream = new Writable({ write: (line, _encoding, done) => (logs.push(JSON.parse(String(line))), done()) });
  app = Fastify({ forceCloseConnections: true, logger: { level: 'info', stream } });
  await app.register(ssePlugin);
  app.addHook('onRequest', async (_request, reply) => void reply.header('x-served-by', 'fastify'));
  app.get('/events', (_request, reply) => reply.sse(channel));
  app.get('/forgetful', async (_request, reply) => {
    reply.sse(channel);
    sentAfterSse = reply.sent;
  });
  app.get('/failing', sse(() => Promise.reject(new Error('no such room'))));
  return app.listen({ port: 0, host: '127.0.0.1' });
}

it('streams events through reply.sse(channel)', async () => {
  const stream = new EventStream(`${await start()}/events`);
  await stream.opened();
  channel.send({ id: 7, data: 'through the decorator' });
  expect(await stream.received(1)).toEqual([{ type: 'message', data: 'through the decorator', lastEventId: '7' }]);
  stream.close();
});

it('keeps the headers hooks set on the reply', async () => {
  const stream = new RawStream(`${await start()}/events`);
  await stream.waitFor(':ok\n\n');
  expect(stream.header('x-served-by')).toBe('fastify');
  stream.close();
});

it('marks the reply as sent, so fastify sends nothing even when an async handler does not return it', async () => {
  const stream = new RawStream(`${await start()}/forgetful`);
  await stream.waitFor(':ok\n\n');
  channel.send('still here');
  await stream.waitFor('data: still here\n\n');
  expect(stream.finished).toBe(false);
  expect(stream.body).toBe(':ok\n\ndata: still here\n\n');
  expect(sentAfterSse).toBe(true);
  expect(logs.filter((entry) => entry.level >= 40)).toEqual([]);
  stream.close();
});

it("logs what the resolver threw with the request's logger by default, and answers a bare 500", async () => {
  const response = await fetch(`${await start()}/failing`);
  expect(response.status).toBe(500);
  expect(await response.text()).toBe('');
  expect(logs.filter((entry) => entry.level === 50).map((entry) => entry.err?.message)).toEqual(['no such room']);
});
