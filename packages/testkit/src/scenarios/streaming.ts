import { expect, it } from 'vitest';
import type { Harness } from './Harness.js';
import type { ScenarioChannel } from './transport.js';

/** The stream itself: head, `:ok`, broadcast, history replay, JSON, retry and pings. */
export function streamingScenarios<C extends ScenarioChannel>(h: Harness<C>): void {
  it('answers with the event-stream head and :ok', async () => {
    const { url } = await h.start();
    const stream = h.raw(url);
    await stream.waitFor(':ok\n\n');
    expect(stream.status).toBe(200);
    expect(stream.header('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(stream.header('cache-control')).toBe('no-cache, no-transform');
    expect(stream.header('x-accel-buffering')).toBe('no');
    expect(stream.body).toBe(':ok\n\n');
  });

  it('broadcasts an event to every connected client', async () => {
    const { channel, url } = await h.start();
    const first = h.events(url);
    const second = h.events(url);
    await Promise.all([first.opened(), second.opened()]);
    channel.send({ id: 1, data: 'hello' });
    for (const stream of [first, second]) {
      expect(await stream.received(1)).toEqual([{ type: 'message', data: 'hello', lastEventId: '1' }]);
    }
  });

  const replays: Array<[string, (url: string) => [string, Record<string, string>]]> = [
    ['the Last-Event-ID header', (url) => [url, { 'Last-Event-ID': '1' }]],
    ['the evs_last_event_id query parameter', (url) => [`${url}?evs_last_event_id=1`, {}]],
    ['the lastEventId query parameter', (url) => [`${url}?lastEventId=1`, {}]],
  ];
  for (const [source, request] of replays) {
    it(`replays the events after ${source}`, async () => {
      const { channel, url } = await h.start();
      for (const id of [1, 2, 3]) channel.send({ id, data: `event ${id}` });
      const stream = h.raw(...request(url));
      await stream.waitFor('id: 3');
      expect(stream.body).toBe(':ok\n\nid: 2\ndata: event 2\n\nid: 3\ndata: event 3\n\n');
    });
  }

  it('JSON-encodes data when jsonEncode is on', async () => {
    const { channel, url } = await h.start({ jsonEncode: true });
    const stream = h.events(url);
    await stream.opened();
    channel.send({ data: { price: 42, symbol: 'ACME' } });
    const [event] = await stream.received(1);
    expect(JSON.parse(event?.data ?? '')).toEqual({ price: 42, symbol: 'ACME' });
  });

  it('tells new clients the retry timeout and connected clients a new one', async () => {
    const { channel, url } = await h.start({ retryTimeout: 1500 });
    const stream = h.raw(url);
    await stream.waitFor('retry: 1500\n');
    channel.retry(2500);
    await stream.waitFor('retry: 2500\n');
    expect(stream.body).toBe(':ok\n\nretry: 1500\nretry: 2500\n');
  });

  it('sends keep-alive comments every pingInterval', async () => {
    const { url } = await h.start({ pingInterval: 20 });
    const stream = h.raw(url);
    await stream.waitFor((body) => body.startsWith(':ok\n\n:\n:\n'));
  });
}
