import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, expect, it } from 'vitest';
import { BrowserStream, closeChromium, type ReceivedEvent } from '@sse-channel/testkit';
import { ServerProcess, type ServerProcessEnv } from '@sse-channel/testkit/backplane';
import { deleteKeys, REDIS_URL } from './support/redis.js';

const SCRIPT = fileURLToPath(new URL('./support/server.js', import.meta.url));
const TOPICS = Array.from({ length: 20 }, (_, i) => `panel/${i}`);

const namespace = `sse-test-${randomUUID()}`;
const started: ServerProcess[] = [];
let stream: BrowserStream | undefined;

afterEach(async () => {
  await stream?.close();
  await Promise.all(started.splice(0).map((server) => server.kill()));
  await deleteKeys(namespace);
});
afterAll(() => closeChromium());

function start(env: Partial<ServerProcessEnv> = {}): Promise<ServerProcess> {
  const server = ServerProcess.start(SCRIPT, { REDIS_URL, NAMESPACE: namespace, CHANNEL: 'dashboard', AUTO_ID: '1', RETRY: '200', ...env });
  return server.then((running) => (started.push(running), running));
}

it('resumes 20 topics read through one EventSource in Chromium across a server kill and restart, each missed event once', async () => {
  const [server, sender] = await Promise.all([start(), start()]);
  const port = new URL(server.url).port;
  const url = `${server.url}/events?${TOPICS.map((topic) => `topic=${encodeURIComponent(topic)}`).join('&')}`;
  // One EventSource, over HTTP/1.1: the browser's six connections per origin are not the limit.
  stream = await BrowserStream.open(url, { types: [...TOPICS, 'other'] });
  await stream.opened();
  const sent: ReceivedEvent[] = [];
  const send = async (count: number): Promise<void> => {
    for (let i = 0; i < count; i++) {
      const topic = TOPICS[sent.length % TOPICS.length] as string;
      const data = `${topic} #${sent.length}`;
      const id = (await sender.send({ data }, topic)) as string;
      sent.push({ type: topic, data, lastEventId: id });
      // A topic the page does not read: its events never reach it, though they share the id sequence.
      if (i % 7 === 0) await sender.send({ data: 'not read' }, 'other');
    }
  };
  await send(40);
  await stream.received(40);
  await server.kill();
  await send(40);
  await start({ PORT: port });
  await stream.opened(2, 15_000);
  await send(20);
  await stream.received(100, 15_000);
  // Nothing more was on its way: each event came once.
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(stream.events).toEqual(sent);
  expect(stream.opens).toBe(2);
});
