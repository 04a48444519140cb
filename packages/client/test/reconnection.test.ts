import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '@sse-channel/testkit';
import { createClient, ResponseError, type ClientOptions, type EventStreamClient } from '../src/index.js';
import { ScriptedServer, stream, type Answer } from './ScriptedServer.js';

const servers: ScriptedServer[] = [];
const clients: Array<EventStreamClient<Record<string, string>>> = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});

async function serve(answer: Answer): Promise<ScriptedServer> {
  const server = await ScriptedServer.start(answer);
  servers.push(server);
  return server;
}

/** A client that records its errors and events. */
function connect(url: string, options: ClientOptions & { json?: false } = {}) {
  const errors: unknown[] = [];
  const data: string[] = [];
  let opens = 0;
  const client = createClient(url, { ...options, onOpen: () => opens++, onError: (error) => errors.push(error) });
  client.on('message', (text) => data.push(text));
  clients.push(client);
  return { client, errors, data, opens: () => opens };
}

/** Answers with `status` (and `headers`) until request `from`, then streams. */
function failUntil(from: number, status: number, headers: Record<string, string> = {}): Answer {
  return (response, index) => (index < from ? response.writeHead(status, headers).end() : stream(response));
}

describe('requests', () => {
  it('sends the method, the body, Accept, and the headers of the headers function, fresh on every attempt', async () => {
    const server = await serve((response, index) => (index === 0 ? response.writeHead(503).end() : stream(response)));
    let token = 0;
    const { opens } = connect(server.url, { method: 'POST', body: 'q=1', headers: async () => ({ Authorization: `Bearer ${++token}` }), retryDelay: 10 });
    await waitFor(() => opens() === 1);
    expect(server.requests.map(({ method, body, headers }) => [method, body, headers.accept, headers.authorization])).toEqual([
      ['POST', 'q=1', 'text/event-stream', 'Bearer 1'],
      ['POST', 'q=1', 'text/event-stream', 'Bearer 2'],
    ]);
  });

  it('keeps an Accept header the caller set', async () => {
    const server = await serve((response) => stream(response));
    const { opens } = connect(server.url, { headers: { Accept: 'text/event-stream, application/json' } });
    await waitFor(() => opens() === 1);
    expect(server.requests[0]?.headers.accept).toBe('text/event-stream, application/json');
  });
});

describe('reconnection', () => {
  it('reconnects with the last id as Last-Event-ID, after the delay the server set with retry:', async () => {
    let endedAt = 0;
    const server = await serve((response, index) => {
      if (index > 0) return stream(response);
      endedAt = Date.now();
      stream(response, 'retry: 300\nid: 5\ndata: a\n\n', true);
    });
    const { data, opens } = connect(server.url);
    await waitFor(() => opens() === 2);
    expect(data).toEqual(['a']);
    expect(server.requests.map((request) => request.headers['last-event-id'])).toEqual([undefined, '5']);
    expect((server.requests[1]?.at ?? 0) - endedAt).toBeGreaterThanOrEqual(295);
  });

  it('sends the lastEventId option on the first request', async () => {
    const server = await serve((response) => stream(response));
    const { opens } = connect(server.url, { lastEventId: '41' });
    await waitFor(() => opens() === 1);
    expect(server.requests[0]?.headers['last-event-id']).toBe('41');
  });

  it('sends an id beyond Latin-1 as its UTF-8 bytes, as EventSource does', async () => {
    const server = await serve((response, index) => (index === 0 ? stream(response, 'id: é✓\ndata: a\n\n', true) : stream(response)));
    const { opens } = connect(server.url, { retryDelay: 10 });
    await waitFor(() => opens() === 2);
    expect(Buffer.from(String(server.requests[1]?.headers['last-event-id']), 'latin1').toString('utf8')).toBe('é✓');
  });

  it('waits longer after each failure in a row: the delay, then doubling, with jitter', async () => {
    const server = await serve(failUntil(5, 500));
    const { opens, errors } = connect(server.url, { retryDelay: 20 });
    await waitFor(() => opens() === 1, 10_000);
    expect(errors.map((error) => (error as ResponseError).status)).toEqual([500, 500, 500, 500, 500]);
    // Failures 1..5 wait 20, then 20..40, 40..80, 80..160, 160..320 (timers may fire a millisecond early).
    const lowest = [20, 20, 40, 80, 160];
    expect(server.gaps().map((gap, index) => gap >= (lowest[index] as number) - 2)).toEqual([true, true, true, true, true]);
  });

  it('counts failures afresh once a connection opened: a drop waits the delay, not the backoff', async () => {
    const server = await serve((response, index) => {
      if (index < 5) return response.writeHead(500).end();
      stream(response, 'data: a\n\n', index === 5);
    });
    const { opens } = connect(server.url, { retryDelay: 40 });
    await waitFor(() => opens() === 2, 10_000);
    const gaps = server.gaps();
    // The fifth failure in a row waits at least 320 ms; the drop after the open waits 40, where a
    // sixth failure in a row would wait at least 640.
    expect(gaps[4] as number).toBeGreaterThanOrEqual(320 - 2);
    expect(gaps[5] as number).toBeLessThan(600);
  });

  it('tries again when the headers function fails, whatever it throws', async () => {
    const server = await serve((response) => stream(response));
    let calls = 0;
    const headers = () => {
      calls++;
      if (calls < 3) throw calls === 1 ? null : new Error('no token yet');
      return { Authorization: 'Bearer late' };
    };
    const { opens, errors } = connect(server.url, { headers, retryDelay: 5 });
    await waitFor(() => opens() === 1);
    expect(errors).toEqual([null, new Error('no token yet')]);
    expect(server.requests.map((request) => request.headers.authorization)).toEqual(['Bearer late']);
  });

  it('tries again while the server cannot be reached', async () => {
    const server = await serve(() => {});
    const url = server.url;
    await server.stop();
    const { errors, client } = connect(url, { retryDelay: 10 });
    await waitFor(() => errors.length >= 3);
    expect(client.state).toBe('connecting');
    expect(errors[0]).toBeInstanceOf(TypeError);
  });
});

describe('statuses', () => {
  const stops: Array<[string, Answer]> = [
    ['204', (response) => response.writeHead(204).end()],
    ['400', (response) => response.writeHead(400).end()],
    ['401', (response) => response.writeHead(401).end()],
    ['403', (response) => response.writeHead(403).end()],
    ['404', (response) => response.writeHead(404).end()],
    ['410', (response) => response.writeHead(410).end()],
    ['200 that is not an event stream', (response) => response.writeHead(200, { 'Content-Type': 'text/html' }).end('<html>')],
  ];
  for (const [name, answer] of stops) {
    it(`stops after a ${name}, telling onError`, async () => {
      const server = await serve(answer);
      const { client, errors } = connect(server.url, { retryDelay: 5 });
      await waitFor(() => errors.length === 1);
      expect(client.state).toBe('closed');
      expect(errors[0]).toBeInstanceOf(ResponseError);
      expect((errors[0] as ResponseError).status).toBe(Number(name.slice(0, 3)));
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(server.requests.length).toBe(1);
    });
  }

  for (const status of [408, 429, 500, 502, 503]) {
    it(`tries again after a ${status}`, async () => {
      const server = await serve(failUntil(1, status));
      const { opens, errors } = connect(server.url, { retryDelay: 5 });
      await waitFor(() => opens() === 1);
      expect((errors[0] as ResponseError).status).toBe(status);
    });
  }

  it('waits as long as Retry-After says after a 503 and a 429, even past maxRetryDelay', async () => {
    const server = await serve((response, index) => {
      if (index < 2) return response.writeHead(index === 0 ? 503 : 429, { 'Retry-After': '1' }).end();
      stream(response);
    });
    const { opens, errors } = connect(server.url, { retryDelay: 5, maxRetryDelay: 100 });
    await waitFor(() => opens() === 1, 10_000);
    expect(errors.map((error) => [(error as ResponseError).status, (error as ResponseError).retryAfter])).toEqual([
      [503, 1000],
      [429, 1000],
    ]);
    // Without Retry-After the client would have come back within 100 ms.
    server.gaps().forEach((gap) => expect(gap).toBeGreaterThanOrEqual(995));
  });
});

describe('closing', () => {
  it('closes the connection when the signal aborts, and never connects again', async () => {
    const server = await serve((response) => stream(response));
    const controller = new AbortController();
    const { client, opens } = connect(server.url, { signal: controller.signal, retryDelay: 5 });
    await waitFor(() => opens() === 1);
    controller.abort();
    expect(client.state).toBe('closed');
    await waitFor(() => server.closed === 1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.requests.length).toBe(1);
  });

  it('never connects with a signal that was already aborted', async () => {
    const server = await serve((response) => stream(response));
    const { client } = connect(server.url, { signal: AbortSignal.abort() });
    expect(client.state).toBe('closed');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.requests.length).toBe(0);
  });

  it('stops for good when closed while waiting to reconnect', async () => {
    const server = await serve((response) => response.writeHead(503).end());
    const { client, errors } = connect(server.url, { retryDelay: 200 });
    await waitFor(() => errors.length === 1);
    client.close();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(server.requests.length).toBe(1);
    expect(errors.length).toBe(1);
  });
});
