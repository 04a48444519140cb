import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { RawStream, listen, stop, waitFor } from '@sse-channel/testkit';
import { SseChannel } from '../../src/index.js';

const CHANNELS = 20;
const CLIENTS = 3;

describe('many channels in one process', () => {
  let server: Server;
  let channels: SseChannel[];
  let streams: RawStream[][];

  /** `/channel/N` serves channel N; every channel gets CLIENTS raw clients. */
  const start = async () => {
    channels = Array.from({ length: CHANNELS }, () => new SseChannel({ pingInterval: 0 }));
    server = createServer((req, res) => {
      const index = Number(/^\/channel\/(\d+)/.exec(req.url ?? '')?.[1]);
      const channel = channels[index];
      if (channel) channel.addClient(req, res);
      else res.writeHead(404).end();
    });
    const url = await listen(server);
    streams = channels.map((_, index) => Array.from({ length: CLIENTS }, () => new RawStream(`${url}/channel/${index}`)));
    await waitFor(() => channels.every((channel) => channel.getConnectionCount() === CLIENTS));
  };

  afterEach(async () => {
    for (const stream of streams.flat()) stream.close();
    await stop(server);
    await Promise.all(channels.map((channel) => channel.close()));
  });

  it('delivers each event only to the clients of the channel it was sent on', async () => {
    await start();
    for (let round = 0; round < 5; round++) {
      channels.forEach((channel, index) => channel.send({ id: round, event: `channel-${index}`, data: `${index}/${round}` }));
    }
    for (let index = 0; index < CHANNELS; index++) {
      const expected = ':ok\n\n' + [0, 1, 2, 3, 4].map((round) => `event: channel-${index}\nid: ${round}\ndata: ${index}/${round}\n\n`).join('');
      for (const stream of streams[index] ?? []) expect(await stream.waitFor(expected)).toBe(expected);
    }
  });

  it('leaves the other channels connected and delivering when one closes', async () => {
    await start();
    await channels[0]?.close({ event: 'closing' });
    for (const stream of streams[0] ?? []) await stream.waitForFinish();
    expect(channels[0]?.getConnectionCount()).toBe(0);
    channels.forEach((channel, index) => channel.send(`after ${index}`));
    for (let index = 1; index < CHANNELS; index++) {
      expect(channels[index]?.getConnectionCount()).toBe(CLIENTS);
      for (const stream of streams[index] ?? []) expect(await stream.waitFor(`after ${index}\n\n`)).toBe(`:ok\n\ndata: after ${index}\n\n`);
    }
    expect(streams[0]?.map((stream) => stream.body)).toEqual(Array(CLIENTS).fill(':ok\n\ndata: closing\n\n'));
  });
});
