import { describe, expectTypeOf, it } from 'vitest';
import type { SseChannel as CoreChannel } from '@sse-channel/core';
import { SseChannel } from '@sse-channel/node';
import { createClient, type EventInfo, type EventsOf } from '../src/index.js';

type Events = {
  price: { symbol: string; price: number };
  status: 'open' | 'closed';
  message: string;
};
const url = 'http://127.0.0.1:8080/events';

describe('typed clients', () => {
  it('gives listeners the data type of their event, JSON-decoded with json: true', () => {
    const client = createClient<Events>(url, { json: true });
    client.on('price', (data, event) => {
      expectTypeOf(data).toEqualTypeOf<{ symbol: string; price: number }>();
      expectTypeOf(event).toEqualTypeOf<EventInfo>();
    });
    client.on('status', (data) => expectTypeOf(data).toEqualTypeOf<'open' | 'closed'>());
    client.on('message', (data) => expectTypeOf(data).toEqualTypeOf<string>());
  });

  it('refuses event names the map does not have', () => {
    const client = createClient<Events>(url, { json: true });
    // @ts-expect-error `volume` is not an event of the channel
    client.on('volume', () => {});
  });

  it('gives the text of each event without json: declared strings stay, other data is a string', () => {
    const client = createClient<Events>(url);
    client.on('status', (data) => expectTypeOf(data).toEqualTypeOf<'open' | 'closed'>());
    client.on('price', (data) => expectTypeOf(data).toEqualTypeOf<string>());
  });

  it('reads the events from the type of a node channel', () => {
    const channel = new SseChannel<Events>({ jsonEncode: true });
    expectTypeOf<EventsOf<typeof channel>>().toEqualTypeOf<Events>();
    const client = createClient<typeof channel>(url, { json: true });
    client.on('price', (data) => expectTypeOf(data).toEqualTypeOf<{ symbol: string; price: number }>());
    // @ts-expect-error `volume` is not an event of the channel
    client.on('volume', () => {});
  });

  it('reads the events from the type of a core channel, whatever its sink and request types', () => {
    expectTypeOf<EventsOf<CoreChannel<unknown, unknown, Events>>>().toEqualTypeOf<Events>();
  });

  it('reads a channel without a message event', () => {
    type Prices = { price: number };
    expectTypeOf<EventsOf<SseChannel<Prices>>>().toEqualTypeOf<Prices>();
  });

  it('takes any event name with unknown data from an untyped channel or none, or text without json', () => {
    expectTypeOf<EventsOf<SseChannel>>().toEqualTypeOf<{ [name: string]: unknown }>();
    createClient(url, { json: true }).on('anything', (data) => expectTypeOf(data).toEqualTypeOf<unknown>());
    createClient(url).on('anything', (data) => expectTypeOf(data).toEqualTypeOf<string>());
  });

  it('gives either the decoded data or the text when json is only known at run time', () => {
    const json: boolean = Math.random() > 0.5;
    createClient<Events>(url, { json }).on('price', (data) => expectTypeOf(data).toEqualTypeOf<{ symbol: string; price: number } | string>());
  });

  it('types onReset with the id the client had', () => {
    createClient(url, { onReset: (lastEventId) => expectTypeOf(lastEventId).toEqualTypeOf<string>() });
  });

  it('types the listeners of a topic like those of on(), with the topic in the event info', () => {
    const client = createClient<Events>(url, { json: true, topics: ['rooms/*'] });
    client.topic('rooms/*').on('price', (data, event) => {
      expectTypeOf(data).toEqualTypeOf<{ symbol: string; price: number }>();
      expectTypeOf(event.topic).toEqualTypeOf<string | undefined>();
    });
    client.topic('rooms/a').on('message', (data) => expectTypeOf(data).toEqualTypeOf<string>());
    expectTypeOf(client.topic('rooms/a').on('status', () => {})).toEqualTypeOf<() => void>();
    // @ts-expect-error `volume` is not an event of the channel
    client.topic('rooms/a').on('volume', () => {});
  });
});
