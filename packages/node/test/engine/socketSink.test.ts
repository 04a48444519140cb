import { createServer } from 'node:http';
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { listen, stop, waitFor } from '@sse-channel/testkit';
import SseChannel from '../../src/index.js';
import { cleanup, nextConnect, openRaw, serve } from '../fixture.js';

afterEach(cleanup);

const PAD = 'x'.repeat(16 * 1024);
const tick = () => new Promise((resolve) => setImmediate(resolve));

/** The seq numbers of the `data: <seq> x…` events in a body, checking that each event is whole. */
function seqs(body: string): number[] {
  return body
    .split('\n\n')
    .filter((block) => block.startsWith('data: '))
    .map((block) => {
      expect(block).toMatch(/^data: \d+ x+$/);
      return Number(block.split(' ')[1]);
    });
}

describe('the node sink over real sockets', () => {
  it('cuts off a client that stops reading once its backlog passes maxQueuedBytes, and keeps the others', async () => {
    const { channel, url } = await serve({ maxQueuedBytes: 64 * 1024 });
    const slow = openRaw(url);
    const fast = openRaw(url);
    await waitFor(() => channel.getConnectionCount() === 2);
    slow.pause();
    let cutOff = false;
    channel.on('slow-client', () => (cutOff = true));
    let sent = 0;
    while (!cutOff) {
      channel.send(`${++sent} ${PAD}`);
      await tick();
      if (sent > 2000) throw new Error('the slow client was never cut off');
    }
    expect(channel.getConnectionCount()).toBe(1);
    await waitFor(() => fast.body.endsWith(`data: ${sent} ${PAD}\n\n`), 10_000);
    expect(seqs(fast.body)).toEqual(Array.from({ length: sent }, (_, i) => i + 1));
  });

  it('delivers everything in order to a client that stops reading and resumes within the bound', async () => {
    const { channel, url } = await serve({ maxQueuedBytes: 64 * 2 ** 20 });
    const connected = nextConnect(channel);
    const client = openRaw(url);
    const [, res] = await connected;
    client.pause();
    let sent = 0;
    while (!res.socket?.writableNeedDrain) {
      channel.send(`${++sent} ${PAD}`);
      await tick();
    }
    for (let i = 0; i < 20; i++) channel.send(`${++sent} ${PAD}`);
    client.resume();
    await waitFor(() => client.body.endsWith(`data: ${sent} ${PAD}\n\n`), 10_000);
    expect(seqs(client.body)).toEqual(Array.from({ length: sent }, (_, i) => i + 1));
  });

  it('drop-oldest keeps a client that stops reading; it then receives whole events, ending with the newest', async () => {
    const { channel, url } = await serve({ maxQueuedBytes: 64 * 1024, slowClientPolicy: 'drop-oldest' });
    const client = openRaw(url);
    await waitFor(() => channel.getConnectionCount() === 1);
    client.pause();
    let drops = 0;
    channel.on('drop', () => drops++);
    let sent = 0;
    while (drops < 3) {
      channel.send(`${++sent} ${PAD}`);
      await tick();
    }
    client.resume();
    await waitFor(() => client.body.endsWith(`data: ${sent} ${PAD}\n\n`), 10_000);
    const received = seqs(client.body);
    expect(received.length).toBeLessThan(sent);
    expect(received).toEqual([...received].sort((a, b) => a - b));
    expect(channel.getConnectionCount()).toBe(1);
  });

  it('keeps the order of pipelined responses: events wait behind the response before them', async () => {
    const channel = new SseChannel({ pingInterval: 0 });
    const server = createServer((req, res) => {
      if (req.url === '/slow') setTimeout(() => res.end('slow body'), 100);
      else channel.addClient(req, res);
    });
    const url = await listen(server);
    const socket = connect(Number(new URL(url).port), '127.0.0.1');
    let received = '';
    socket.on('data', (data: Buffer) => (received += data.toString('utf8')));
    socket.write('GET /slow HTTP/1.1\r\nHost: x\r\n\r\nGET /sse HTTP/1.1\r\nHost: x\r\n\r\n');
    await waitFor(() => channel.getConnectionCount() === 1);
    channel.send('a');
    await tick();
    channel.send('b');
    await waitFor(() => received.includes('data: b'));
    socket.destroy();
    channel.close();
    await stop(server);
    const slowEnd = received.indexOf('slow body');
    const secondHead = received.indexOf('HTTP/1.1 200', 1);
    expect(slowEnd).toBeGreaterThan(0);
    expect(secondHead).toBeGreaterThan(slowEnd);
    expect(received.indexOf('data: a')).toBeGreaterThan(secondHead);
  });

  it('writes the events without chunk framing to an HTTP/1.0 client', async () => {
    const { channel, url } = await serve();
    const socket = connect(Number(new URL(url).port), '127.0.0.1');
    let received = '';
    socket.on('data', (data: Buffer) => (received += data.toString('utf8')));
    const closed = new Promise((resolve) => socket.on('close', resolve));
    socket.write('GET /sse HTTP/1.0\r\n\r\n');
    await waitFor(() => channel.getConnectionCount() === 1);
    await waitFor(() => received.includes(':ok'));
    channel.send({ id: 1, data: 'a' });
    channel.send({ id: 2, data: 'b' });
    await tick();
    channel.send({ id: 3, data: 'c' });
    await tick();
    channel.close();
    await closed;
    expect(received.split('\r\n\r\n')[1]).toBe(':ok\n\nid: 1\ndata: a\n\nid: 2\ndata: b\n\nid: 3\ndata: c\n\n');
  });
});
