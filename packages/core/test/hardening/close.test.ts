import { describe, expect, it } from 'vitest';
import { SseChannel } from '../../src/index.js';
import { MemorySink } from './memorySink.js';

const REQUEST = { method: 'GET', url: '/', headers: {}, httpVersionMajor: 1 };
const tick = () => new Promise((resolve) => setImmediate(resolve));

/** A sink whose transport closes only when the test says so. */
class SlowClosingSink extends MemorySink {
  closeTransport: () => void = () => undefined;
  override end(): Promise<void> {
    super.end();
    return new Promise((resolve) => (this.closeTransport = resolve));
  }
}

function connect<S extends MemorySink>(channel: SseChannel<string>, name: string, sink: S): S {
  channel.attach(sink, channel.decide(REQUEST), name, REQUEST);
  return sink;
}

describe('graceful close', () => {
  it('sends the final event to every client, then ends every stream', async () => {
    const channel = new SseChannel<string>({ pingInterval: 0 });
    const sinks = ['a', 'b'].map((name) => connect(channel, name, new MemorySink()));
    await channel.close({ event: { event: 'shutdown', data: 'bye' } });
    for (const sink of sinks) {
      expect(sink.text).toBe(':ok\n\nevent: shutdown\ndata: bye\n\n');
      expect(sink.ended).toBe(true);
    }
    expect(channel.getConnectionCount()).toBe(0);
  });

  it('resolves only once every transport has closed', async () => {
    const channel = new SseChannel<string>({ pingInterval: 0 });
    const slow = connect(channel, 'a', new SlowClosingSink());
    let resolved = false;
    const closing = channel.close({ event: 'bye' }).then(() => (resolved = true));
    await tick();
    expect(resolved).toBe(false);
    slow.closeTransport();
    await closing;
    expect(resolved).toBe(true);
  });

  it('hands a congested client what it had queued and the final event before ending it', async () => {
    const channel = new SseChannel<string>({ pingInterval: 0 });
    const sink = connect(channel, 'a', new MemorySink());
    sink.congested = true;
    channel.send('one');
    await tick();
    channel.send('two');
    await tick();
    await channel.close({ event: 'bye' });
    expect(sink.text).toBe(':ok\n\ndata: one\n\ndata: two\n\ndata: bye\n\n');
  });

  it('keeps the final event out of history', async () => {
    const channel = new SseChannel<string>({ pingInterval: 0 });
    connect(channel, 'a', new MemorySink());
    await channel.close({ event: { id: 9, data: 'bye' } });
    const replaying = { ...REQUEST, url: '/?lastEventId=0' };
    const late = new MemorySink();
    channel.attach(late, channel.decide(replaying), 'late', replaying);
    await tick();
    expect(late.text).toBe(':ok\n\n');
  });

  it('throws for a hostile final event and ends nothing', async () => {
    const channel = new SseChannel<string>({ pingInterval: 0 });
    const sink = connect(channel, 'a', new MemorySink());
    expect(() => channel.close({ event: { event: 'x\ndata: injected', data: 'bye' } })).toThrow(TypeError);
    await tick();
    expect(sink.ended).toBe(false);
    expect(sink.text).toBe(':ok\n\n');
  });

  it('ends streams without a final event when called with no argument, and serves new clients afterwards', async () => {
    const channel = new SseChannel<string>({ pingInterval: 0 });
    const first = connect(channel, 'a', new MemorySink());
    await channel.close();
    expect(first.text).toBe(':ok\n\n');
    expect(first.ended).toBe(true);
    const second = connect(channel, 'b', new MemorySink());
    channel.send('again');
    await tick();
    expect(second.text).toBe(':ok\n\ndata: again\n\n');
  });
});
