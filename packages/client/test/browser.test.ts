import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SseChannel } from '@sse-channel/node';
import { ensureChromium, launchChromium, listen, stop } from '@sse-channel/testkit';

const WAIT = { timeout: 20_000 };

/**
 * The page every test opens: it loads the built client as a module and logs what the client
 * reports in `window.log`. The query says where to connect and how: `url`, `token` (sent as
 * `Authorization`), `post` (method POST with that body), `credentials`, `throwFirst`, `topic` (repeatable: the
 * topics to read, each logged by its own topic listener).
 */
const PAGE = `<!doctype html><meta charset="utf-8"><title>client</title>
<script type="module">
import { createClient } from '/client.js';
const query = new URLSearchParams(location.search);
const log = (window.log = []);
const client = (window.client = createClient(query.get('url'), {
  json: true,
  retryDelay: 50,
  headers: query.has('token') ? { Authorization: 'Bearer ' + query.get('token') } : {},
  method: query.has('post') ? 'POST' : 'GET',
  body: query.get('post') ?? undefined,
  credentials: query.get('credentials') ?? undefined,
  onOpen: () => log.push(['open']),
  onError: (error) => log.push(['error', error.status ?? String(error), client.state]),
  onReset: (id) => log.push(['reset', id]),
  topics: query.getAll('topic'),
}));
for (const name of query.getAll('topic')) {
  client.topic(name).on('message', (data, event) => log.push(['topic', event.topic, data, event.lastEventId]));
}
let thrown = !query.has('throwFirst');
client.on('message', (data, event) => {
  log.push(['message', data, event.lastEventId]);
  if (!thrown) {
    thrown = true;
    throw new Error('a listener failed');
  }
});
</script>`;

type Entry = [kind: string, ...rest: unknown[]];

describe('the client in headless Chromium', { timeout: 60_000 }, () => {
  let browser: Browser;
  let page: Page;
  const channel = new SseChannel({ jsonEncode: true, historySize: 100, pingInterval: 0 });
  const topicsChannel = new SseChannel({ topics: true, jsonEncode: true, historySize: 100, pingInterval: 0 });
  const requests: Record<string, number[]> = {};
  let base = '';
  const client = readFile(new URL('../dist/index.js', import.meta.url));

  /** Routes: the page, the built client, the channel, and answers that refuse. */
  async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    (requests[path] ??= []).push(Date.now());
    if (path === '/') return void response.writeHead(200, { 'Content-Type': 'text/html' }).end(PAGE);
    if (path === '/client.js') return void response.writeHead(200, { 'Content-Type': 'text/javascript' }).end(await client);
    if (path === '/refused') return void response.writeHead(401).end();
    if (path === '/busy' && requests[path]?.length === 1) return void response.writeHead(503, { 'Retry-After': '1' }).end();
    if (path === '/private') {
      let body = '';
      for await (const chunk of request) body += chunk;
      const allowed = request.method === 'POST' && body === 'topic=prices' && request.headers.authorization === 'Bearer good';
      if (!allowed) return void response.writeHead(403).end();
    }
    if (path === '/topics') return topicsChannel.addClient(request, response);
    channel.addClient(request, response);
  }
  const server = createServer((request, response) => void answer(request, response));

  const log = () => page.evaluate('window.log') as Promise<Entry[]>;
  const logged = (expression: string) => page.waitForFunction(`window.log.filter(([kind, ...rest]) => ${expression}).length`, undefined, WAIT);
  const open = async (query: Record<string, string> | Array<[string, string]>) => {
    await page.goto(`${base}/?${new URLSearchParams(query)}`);
    await page.waitForFunction('window.client', undefined, WAIT);
  };

  beforeAll(async () => {
    ensureChromium();
    [browser, base] = await Promise.all([launchChromium(), listen(server)]);
    // One page for the file: a new page costs seconds on a busy machine, a navigation does not.
    page = await browser.newPage();
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    channel.close();
    topicsChannel.close();
    await stop(server);
  });

  it('resumes with no loss after the server drops every connection, stops listening and comes back', async () => {
    await open({ url: '/events' });
    await logged("kind === 'open'");
    for (const id of [1, 2, 3]) channel.send({ id, data: `e${id}` });
    await logged("kind === 'message' && rest[1] === '3'");
    const { port } = server.address() as AddressInfo;
    await stop(server);
    await logged("kind === 'error' && rest[1] === 'connecting'");
    for (const id of [4, 5, 6]) channel.send({ id, data: `e${id}` });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    await logged("kind === 'message' && rest[1] === '6'");
    channel.send({ id: 7, data: 'e7' });
    await logged("kind === 'message' && rest[1] === '7'");
    const messages = (await log()).filter(([kind]) => kind === 'message');
    expect(messages.map(([, data]) => data)).toEqual(['e1', 'e2', 'e3', 'e4', 'e5', 'e6', 'e7']);
  });

  it('reads 20 topics over one connection and, after the server is gone and back, gets every missed event of them once', async () => {
    const topics = Array.from({ length: 20 }, (_, index) => `topics/${index}`);
    await open([['url', '/topics'], ...topics.map((topic): [string, string] => ['topic', topic])]);
    await logged("kind === 'open'");
    let id = 0;
    const sendToEach = (order: string[]) => {
      for (const topic of order) topicsChannel.topic(topic).send({ id: ++id, data: `${topic} ${id}` });
      topicsChannel.topic('unread').send({ id: ++id, data: 'not read' });
    };
    sendToEach(topics);
    await logged(`kind === 'topic' && rest[2] === '${id - 1}'`);
    const { port } = server.address() as AddressInfo;
    await stop(server);
    await logged("kind === 'error' && rest[1] === 'connecting'");
    sendToEach([...topics].reverse());
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    await logged(`kind === 'topic' && rest[2] === '${id - 1}'`);
    sendToEach(topics.slice(0, 1));
    await logged(`kind === 'topic' && rest[2] === '${id - 1}'`);
    const received = (await log()).filter(([kind]) => kind === 'topic').map(([, topic, data, lastEventId]) => [topic, data, lastEventId]);
    const expected = [...topics, 'unread', ...[...topics].reverse(), 'unread', topics[0], 'unread']
      .map((topic, index) => [topic, `${topic} ${index + 1}`, String(index + 1)])
      .filter(([topic]) => topic !== 'unread');
    expect(received).toEqual(expected);
    expect(requests['/topics']).toHaveLength(2);
  });

  it('stops retrying after a 401', async () => {
    await open({ url: '/refused' });
    await logged("kind === 'error' && rest[0] === 401 && rest[1] === 'closed'");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(requests['/refused']).toHaveLength(1);
  });

  it('waits as long as Retry-After says after a 503, then connects', async () => {
    await open({ url: '/busy' });
    await logged("kind === 'open'");
    expect(await log()).toEqual([['error', 503, 'connecting'], ['open']]);
    const [refused, accepted] = requests['/busy'] as number[];
    // Its retry delay is 50 ms: only Retry-After explains a second's wait.
    expect((accepted as number) - (refused as number)).toBeGreaterThanOrEqual(995);
  });

  it('sends headers, the method and a body from a page, which EventSource cannot', async () => {
    await open({ url: '/private', token: 'good', post: 'topic=prices' });
    await logged("kind === 'open'");
    channel.send({ id: 8, data: 'private' });
    await logged("kind === 'message' && rest[0] === 'private'");
  });

  it('reports a listener that throws as a page error, and the stream goes on', async () => {
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await open({ url: '/events', throwFirst: '1' });
    await logged("kind === 'open'");
    channel.send({ id: 9, data: 'first' });
    channel.send({ id: 10, data: 'second' });
    await logged("kind === 'message' && rest[0] === 'second'");
    expect(pageErrors).toEqual(['a listener failed']);
  });

  it("sends cookies to another origin with credentials: 'include', and resumes there through CORS", async () => {
    const cookies: Array<string | undefined> = [];
    const other = new SseChannel({ cors: { origins: [base], credentials: true }, jsonEncode: true, pingInterval: 0 });
    const otherServer = createServer((request, response) => {
      if (request.method === 'GET') cookies.push(request.headers.cookie);
      other.addClient(request, response);
    });
    try {
      const events = `${await listen(otherServer)}/events`;
      await page.context().addCookies([{ name: 'session', value: 'abc', url: base }]);
      await open({ url: events });
      await logged("kind === 'open'");
      await open({ url: events, credentials: 'include' });
      await logged("kind === 'open'");
      other.send({ id: 1, data: 'one' });
      await logged("kind === 'message' && rest[0] === 'one'");
      // A reconnection sends Last-Event-ID, which takes a CORS preflight the channel answers.
      other.close();
      other.send({ id: 2, data: 'two' });
      await logged("kind === 'message' && rest[0] === 'two'");
      expect(cookies).toEqual([undefined, 'session=abc', 'session=abc']);
    } finally {
      other.close();
      await stop(otherServer);
    }
  });
});
