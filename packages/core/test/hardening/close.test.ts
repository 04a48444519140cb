import { describe, expect, it } from 'vitest';
import { SseChannel } from '../../src/index.js';
import { MemorySink } from '../MemorySink.js';
import { connect, request, settle } from '../connect.js';

/** A sink whose transport closes only when the test says so. */
class SlowClosingSink extends MemorySink {
  closeTransport: () => void = () => undefined;
  override end(): Promise<void> {
    super.end();
    return new Promise((resolve) => (this.closeTransport = resolve));
  }
}

const newChannel = () => new SseChannel<MemorySink>({ pingInterval: 0 });

describe('graceful close', () => {
  it('sends the final event to every client, then ends every stream', async () => {
    const channel = newChannel();
    const sinks = [connect(channel).sink, connect(channel).sink];
    await channel.close({ event: { event: 'shutdown', data: 'bye' } });
    for (const sink of sinks) {
      expect(sink.text).toBe(':ok\n\nevent: shutdown\ndata: bye\n\n');
      expect(sink.ends).toBe(1);
    }
    expect(channel.getConnectionCount()).toBe(0);
  });

  it('resolves only once every transport has closed', async () => {
    const channel = newChannel();
    const slow = new SlowClosingSink();
    connect(channel, request(), slow);
    let resolved = false;
    const closing = channel.close({ event: 'bye' }).then(() => (resolved = true));
    await settle();
    expect(resolved).toBe(false);
    slow.closeTransport();
    await closing;
    expect(resolved).toBe(true);
  });

  it('hands a congested client what it had queued and the final event before ending it', async () => {
    const channel = newChannel();
    const { sink } = connect(channel);
    sink.congested = true;
    channel.send('one');
    await settle();
    channel.send('two');
    await settle();
    await channel.close({ event: 'bye' });
    expect(sink.text).toBe(':ok\n\ndata: one\n\ndata: two\n\ndata: bye\n\n');
  });

  it('keeps the final event out of history', async () => {
    const channel = newChannel();
    connect(channel);
    await channel.close({ event: { id: 9, data: 'bye' } });
    const late = connect(channel, request('/events?lastEventId=0')).sink;
    await settle();
    expect(late.text).toBe(':ok\n\n');
  });

  it('throws for a hostile final event and ends nothing', async () => {
    const channel = newChannel();
    const { sink } = connect(channel);
    expect(() => channel.close({ event: { event: 'x\ndata: injected', data: 'bye' } })).toThrow(TypeError);
    await settle();
    expect(sink.ended).toBe(false);
    expect(sink.text).toBe(':ok\n\n');
  });

  it('ends streams without a final event when called with no argument, and serves new clients afterwards', async () => {
    const channel = newChannel();
    const first = connect(channel).sink;
    await channel.close();
    expect(first.text).toBe(':ok\n\n');
    expect(first.ended).toBe(true);
    const second = connect(channel).sink;
    channel.send('again');
    await settle();
    expect(second.text).toBe(':ok\n\ndata: again\n\n');
  });
});
