import { describe, expect, it } from 'vitest';
import { SseChannel, type SseSink } from '../../src/index.js';
import { connect, request, settle } from '../connect.js';
import type { MemorySink } from '../MemorySink.js';

function tenantChannel(): SseChannel<MemorySink> {
  return new SseChannel<MemorySink>({
    pingInterval: 0,
    metadata: (req) => ({ tenant: req.headers['x-tenant'] }),
  });
}

describe('per-client control', () => {
  it('sets metadata from the request at connect', () => {
    const { client } = connect(tenantChannel(), request('/events', { 'x-tenant': 'acme' }));
    expect(client.metadata).toEqual({ tenant: 'acme' });
  });

  it('frames a filtered message once: every picked client gets the same bytes', async () => {
    const channel = new SseChannel<SseSink>({ pingInterval: 0, metadata: (req) => ({ tenant: req.headers['x-tenant'] }) });
    const join = (tenant: string): Uint8Array[] => {
      const chunks: Uint8Array[] = [];
      const sink: SseSink = { write: (chunk) => chunks.push(chunk) > 0, end: () => {} };
      const req = request('/events', { 'x-tenant': tenant });
      connect(channel, req, sink);
      return chunks;
    };
    const [a1, b, a2] = [join('a'), join('b'), join('a')];
    await settle();
    channel.send('for a', { filter: (client) => client.metadata.tenant === 'a' });
    await settle();
    expect(a1[1]).toBe(a2[1]);
    expect(new TextDecoder().decode(a1[1])).toBe('data: for a\n\n');
    expect(b).toHaveLength(1);
  });

  it('still sends to a list of handles, as the original did', async () => {
    const channel = tenantChannel();
    const a = connect(channel);
    const b = connect(channel);
    channel.send('only a', [a.sink]);
    await settle();
    expect(a.sink.text).toBe(':ok\n\ndata: only a\n\n');
    expect(b.sink.text).toBe(':ok\n\n');
  });

  it('refuses send options without a filter function, sending nothing', async () => {
    const channel = tenantChannel();
    const a = connect(channel);
    expect(() => channel.send('x', { filter: 'a' } as unknown as { filter: () => boolean })).toThrow(
      new TypeError('send options must have a filter function'),
    );
    await settle();
    expect(a.sink.text).toBe(':ok\n\n');
  });

  it('keeps filtered messages out of history', async () => {
    const channel = tenantChannel();
    connect(channel);
    channel.send({ id: 1, data: 'x' }, { filter: () => true });
    const late = connect(channel, request('/events', { 'last-event-id': '0' }));
    await settle();
    expect(late.sink.text).toBe(':ok\n\n');
  });

  it('tells message listeners the handles a filter picked', () => {
    const channel = tenantChannel();
    const a = connect(channel, request('/events', { 'x-tenant': 'a' }));
    connect(channel, request('/events', { 'x-tenant': 'b' }));
    const recipients: MemorySink[][] = [];
    channel.on('message', (_channel, _message, handles) => recipients.push(handles));
    channel.send('x', { filter: (client) => client.metadata.tenant === 'a' });
    expect(recipients).toEqual([[a.sink]]);
  });

  it('sends to one client with client.send, and nothing after it closed', async () => {
    const channel = tenantChannel();
    const a = connect(channel);
    const b = connect(channel);
    a.client.send({ event: 'hello', data: 'a' });
    await settle();
    a.client.close();
    a.client.send('after close');
    await settle();
    expect(a.sink.text).toBe(':ok\n\nevent: hello\ndata: a\n\n');
    expect(a.sink.ended).toBe(true);
    expect(b.sink.text).toBe(':ok\n\n');
  });

  it('finds the client of a handle while it is connected', () => {
    const channel = tenantChannel();
    const { sink, client } = connect(channel);
    expect(channel.getClient(sink)).toBe(client);
    client.close();
    expect(channel.getClient(sink)).toBeUndefined();
  });
});
