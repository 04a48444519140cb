import { describe, expectTypeOf, it } from 'vitest';
import { SseChannel, type ChannelMessage, type ConnectRequest, type SseClient, type SseMessage } from '../../src/index.js';

type Events = {
  price: { symbol: string; price: number };
  status: 'open' | 'closed';
  message: string;
};

describe('typed events', () => {
  const channel = new SseChannel<unknown, ConnectRequest, Events>();

  it('checks the data of each named event', () => {
    channel.send({ event: 'price', data: { symbol: 'ACME', price: 42 } });
    channel.send({ event: 'status', data: 'open', id: 7 });
    // @ts-expect-error the price data lacks `symbol`
    channel.send({ event: 'price', data: { price: 42 } });
    // @ts-expect-error `status` data is 'open' or 'closed'
    channel.send({ event: 'status', data: 'ajar' });
  });

  it('refuses event names the map does not have', () => {
    // @ts-expect-error `volume` is not an event of the channel
    channel.send({ event: 'volume', data: 1 });
  });

  it('types unnamed events and plain strings as the message event', () => {
    channel.send('hello');
    channel.send({ data: 'hello' });
    // @ts-expect-error `message` data is a string
    channel.send({ data: 42 });
  });

  it('types per-client sends the same way', () => {
    channel.on('connect', (_channel, _request, _handle, { client }) => {
      client.send({ event: 'price', data: { symbol: 'ACME', price: 1 } });
      // @ts-expect-error `status` data is 'open' or 'closed'
      client.send({ event: 'status', data: 3 });
    });
  });

  it('keeps channels without an event map accepting any message', () => {
    const untyped = new SseChannel();
    expectTypeOf<ChannelMessage<Record<string, unknown>>>().toEqualTypeOf<SseMessage>();
    const message: SseMessage = { event: 'anything', data: [1, 2] };
    untyped.send(message);
    untyped.send({ event: 'volume', data: 1 });
  });

  it('types client metadata from the metadata option', () => {
    const tenants = new SseChannel({ metadata: (request: ConnectRequest) => ({ tenant: String(request.headers['x-tenant']) }) });
    tenants.send('x', { filter: (client) => client.metadata.tenant === 'acme' });
    expectTypeOf(tenants.getClient).returns.toEqualTypeOf<SseClient<unknown, { tenant: string }> | undefined>();
  });
});
