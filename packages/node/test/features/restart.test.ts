import { createServer } from 'node:http';
import { EventStream, listen, stop } from '@sse-channel/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import SseChannel, { type SseEvent } from '../../src/index.js';

describe('autoId across a restart', () => {
  const server = createServer();
  let stream: EventStream | undefined;
  afterEach(async () => {
    stream?.close();
    await stop(server);
  });

  it('never gives an id below one a client has seen, when the new channel pre-loads the saved history', async () => {
    const saved: SseEvent[] = [];
    const start = () => {
      const channel = new SseChannel({ autoId: true, pingInterval: 0, retryTimeout: 5, history: [...saved] });
      channel.on('message', (_channel, message) => {
        if (typeof message !== 'string') saved.push(message);
      });
      return channel;
    };
    let channel = start();
    server.on('request', (req, res) => channel.addClient(req, res));
    stream = new EventStream(await listen(server));
    await stream.opened();
    for (const data of ['a', 'b', 'c']) channel.send(data);
    await stream.received(3);

    channel.close();
    channel = start();
    await stream.opened(2);
    for (const data of ['d', 'e']) channel.send(data);
    await stream.received(5);

    expect(stream.events.map(({ lastEventId, data }) => `${lastEventId}:${data}`)).toEqual(['1:a', '2:b', '3:c', '4:d', '5:e']);
  });
});
