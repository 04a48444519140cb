import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expectTypeOf, it } from 'vitest';
import { SseChannel, type AnyEvents } from '../src/index.js';

type Prices = { price: { symbol: string; price: number } };

describe("listeners' channel argument", () => {
  it('is the node channel, so a listener can call addClient', () => {
    const channel = new SseChannel();
    channel.on('connect', (chan, req, res) => {
      expectTypeOf(chan).toEqualTypeOf<SseChannel>();
      expectTypeOf(req).toEqualTypeOf<IncomingMessage>();
      expectTypeOf(res).toEqualTypeOf<ServerResponse>();
      chan.addClient(req, res);
    });
  });

  it('keeps the channel type parameters in every event', () => {
    const channel = new SseChannel<Prices, { tenant: string }, Http2ServerResponse, Http2ServerRequest>();
    type Expected = SseChannel<Prices, { tenant: string }, Http2ServerResponse, Http2ServerRequest>;
    channel.on('connect', (chan, _req, _res, { client }) => {
      expectTypeOf(chan).toEqualTypeOf<Expected>();
      expectTypeOf(client.metadata).toEqualTypeOf<{ tenant: string }>();
    });
    channel.on('disconnect', (chan, res) => {
      expectTypeOf(chan).toEqualTypeOf<Expected>();
      expectTypeOf(res).toEqualTypeOf<Http2ServerResponse>();
    });
    channel.on('message', (chan) => expectTypeOf(chan).toEqualTypeOf<Expected>());
    channel.on('slow-client', (chan) => expectTypeOf(chan).toEqualTypeOf<Expected>());
    channel.on('drop', (chan) => expectTypeOf(chan).toEqualTypeOf<Expected>());
  });

  it('types what the listener sends by the event map', () => {
    const channel = new SseChannel<Prices>();
    channel.on('connect', (chan) => {
      chan.send({ event: 'price', data: { symbol: 'ACME', price: 1 } });
      // @ts-expect-error price data lacks `symbol`
      chan.send({ event: 'price', data: { price: 1 } });
    });
  });

  it("types the client's metadata from the metadata option", () => {
    const channel = new SseChannel({ metadata: (req) => ({ tenant: String(req.headers['x-tenant']) }) });
    expectTypeOf(channel).toEqualTypeOf<SseChannel<AnyEvents, { tenant: string }>>();
    channel.on('connect', (chan, _req, _res, { client }) => {
      expectTypeOf(chan).toEqualTypeOf<SseChannel<AnyEvents, { tenant: string }>>();
      expectTypeOf(client.metadata.tenant).toBeString();
    });
  });

  it('still lets a node channel stand where a core channel is expected', () => {
    expectTypeOf<SseChannel>().toExtend<import('@sse-channel/core').SseChannel<ServerResponse, IncomingMessage, AnyEvents>>();
  });
});
