import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { RawStream, listen, stop, waitFor } from '@sse-channel/testkit';
import { SseChannel } from '../../src/index.js';

describe('application mistakes on node:http', () => {
  let server: Server;
  let channel: SseChannel;
  const streams: RawStream[] = [];

  const start = async (handler: (req: IncomingMessage, res: ServerResponse) => void) => {
    channel = new SseChannel({ pingInterval: 0 });
    server = createServer(handler);
    return listen(server);
  };
  const open = (url: string) => {
    const stream = new RawStream(url);
    streams.push(stream);
    return stream;
  };

  afterEach(async () => {
    for (const stream of streams.splice(0)) stream.close();
    await stop(server);
    await channel.close();
  });

  it('serves a response added twice once, and refuses the second time with an error', async () => {
    const results: unknown[] = [];
    const url = await start((req, res) => {
      channel.addClient(req, res, (error) => results.push(error));
      channel.addClient(req, res, (error) => results.push(error));
    });
    const stream = open(url);
    await waitFor(() => results.length === 2);
    channel.send('once');
    expect(await stream.waitFor('data: once\n\n')).toBe(':ok\n\ndata: once\n\n');
    expect(results).toEqual([undefined, new Error('The response is already a client of the channel: add it once')]);
    expect(channel.getConnectionCount()).toBe(1);
  });

  it('refuses, without throwing, a response whose head the application already wrote', async () => {
    const results: unknown[] = [];
    const url = await start((req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      channel.addClient(req, res, (error) => {
        results.push(error);
        res.end('plain');
      });
    });
    const stream = open(url);
    await stream.waitFor('plain');
    expect(results).toEqual([new Error('The response head was already written')]);
    expect(channel.getConnectionCount()).toBe(0);
  });

  it('keeps serving when a connect listener throws', async () => {
    const url = await start((req, res) => channel.addClient(req, res));
    channel.on('connect', () => {
      throw new Error('connect bug');
    });
    channel.on('error', () => undefined);
    const streams = [open(url), open(url)];
    await waitFor(() => channel.getConnectionCount() === 2);
    channel.send('served');
    for (const stream of streams) expect(await stream.waitFor('data: served\n\n')).toBe(':ok\n\ndata: served\n\n');
  });

  it('delivers what a disconnect handler sends to the clients still connected', async () => {
    const url = await start((req, res) => channel.addClient(req, res));
    const [leaving, staying] = [open(url), open(url)];
    await waitFor(() => channel.getConnectionCount() === 2);
    channel.on('disconnect', () => channel.send('someone left'));
    leaving.close();
    expect(await staying.waitFor('data: someone left\n\n')).toBe(':ok\n\ndata: someone left\n\n');
  });
});
