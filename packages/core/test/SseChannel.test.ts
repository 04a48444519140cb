import { afterEach, describe, expect, it, vi } from 'vitest';
import { SseChannel, type SseChannelOptions } from '../src/index.js';
import { connect, request, settle } from './connect.js';
import { MemorySink } from './MemorySink.js';

const PREAMBLE = `:${'-'.repeat(2056)}\n`;
const channels: SseChannel<MemorySink>[] = [];

/** A channel without pings (unless asked for), closed after the test. */
function channelWith(options: SseChannelOptions = {}): SseChannel<MemorySink> {
  const channel = new SseChannel<MemorySink>({ pingInterval: 0, ...options });
  channels.push(channel);
  return channel;
}

/** Sends six events with ids 1338 to 1343. */
function sendSix(channel: SseChannel<MemorySink>): void {
  for (let id = 1338; id <= 1343; id++) channel.send({ id, data: `Event #${id}` });
}

/** A sink that reports back-pressure from its first write on. */
const congestedSink = (): MemorySink => Object.assign(new MemorySink(), { congested: true });

const frame = (id: number): string => `id: ${id}\ndata: Event #${id}\n\n`;

afterEach(() => {
  for (const channel of channels.splice(0)) channel.close();
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('SseChannel over a sink', () => {
  describe('connecting', () => {
    it('writes :ok as the first bytes', async () => {
      const { sink } = connect(channelWith());
      await settle();
      expect(sink.chunks).toEqual([':ok\n\n']);
    });

    it('writes the retry line after :ok when retryTimeout is set', async () => {
      const { sink } = connect(channelWith({ retryTimeout: 3000 }));
      await settle();
      expect(sink.text).toBe(':ok\n\nretry: 3000\n');
    });

    it('writes the 2056-dash preamble when the client asks for it', async () => {
      const { sink } = connect(channelWith(), request('/events?evs_preamble=1'));
      await settle();
      expect(sink.text).toBe(`:ok\n\n${PREAMBLE}`);
    });

    it('replays the events after the Last-Event-ID, after :ok, retry and preamble', async () => {
      const channel = channelWith({ retryTimeout: 1000 });
      sendSix(channel);
      const { sink } = connect(channel, request('/events?evs_preamble=1', { 'last-event-id': '1341' }));
      await settle();
      expect(sink.text).toBe(`:ok\n\nretry: 1000\n${PREAMBLE}${frame(1342)}${frame(1343)}`);
    });

    it('replays everything after lastEventId=0', async () => {
      const channel = channelWith();
      sendSix(channel);
      const { sink } = connect(channel, request('/events?lastEventId=0'));
      await settle();
      expect(sink.text).toBe(`:ok\n\n${[1338, 1339, 1340, 1341, 1342, 1343].map(frame).join('')}`);
    });

    it('replays nothing without a Last-Event-ID', async () => {
      const channel = channelWith();
      sendSix(channel);
      const { sink } = connect(channel);
      await settle();
      expect(sink.text).toBe(':ok\n\n');
    });

    it('writes the initial bytes and replay as one write', async () => {
      const channel = channelWith({ retryTimeout: 1000 });
      sendSix(channel);
      const { sink } = connect(channel, request('/events?lastEventId=1340'));
      await settle();
      expect(sink.chunks).toHaveLength(1);
    });

    it('emits connect with the channel, the request and the handle', () => {
      const channel = channelWith();
      const listener = vi.fn();
      channel.on('connect', listener);
      const req = request();
      const { sink, client } = connect(channel, req);
      expect(listener).toHaveBeenCalledExactlyOnceWith(channel, req, sink, expect.objectContaining({ client }));
    });

    it('refuses to answer a request whose handle is already a client, and keeps that client', () => {
      const channel = channelWith();
      const { sink, client } = connect(channel);
      expect(() => channel.accept(request(), request(), sink)).toThrow('already a client of the channel');
      expect(channel.getClient(sink)).toBe(client);
      expect(channel.getConnectionCount()).toBe(1);
    });

    it('opens an answer once, and never one that is not a stream', () => {
      const channel = channelWith();
      const sink = new MemorySink();
      const answer = channel.accept(request(), request(), sink);
      answer.open(sink);
      expect(() => answer.open(sink)).toThrow('open already');
      const head = channel.accept(request('/events', {}, 'HEAD'), request(), new MemorySink());
      expect(head.stream).toBe(false);
      expect(() => head.open(new MemorySink())).toThrow('A 200 answer has no stream to open');
      expect(channel.getConnectionCount()).toBe(1);
    });
  });

  describe('sending', () => {
    it('writes a broadcast to every client', async () => {
      const channel = channelWith();
      const first = connect(channel).sink;
      const second = connect(channel).sink;
      channel.send({ event: 'drink', id: 1337, data: 'Reign in Citra' });
      await settle();
      expect(first.text).toBe(':ok\n\nevent: drink\nid: 1337\ndata: Reign in Citra\n\n');
      expect(second.text).toBe(first.text);
    });

    it('sends to the given handles only', async () => {
      const channel = channelWith();
      const others = connect(channel).sink;
      const chosen = connect(channel).sink;
      channel.send({ id: 1, data: 'Private' }, [chosen]);
      await settle();
      expect(chosen.text).toBe(':ok\n\nid: 1\ndata: Private\n\n');
      expect(others.text).toBe(':ok\n\n');
    });

    it('ignores handles that are not clients of the channel', async () => {
      const channel = channelWith();
      const client = connect(channel).sink;
      const stranger = new MemorySink();
      channel.send('private', [stranger, client]);
      await settle();
      expect(stranger.chunks).toEqual([]);
      expect(client.text).toBe(':ok\n\ndata: private\n\n');
    });

    it('writes nothing inside send(), and the tick\'s events as one write at its end', async () => {
      const channel = channelWith();
      const { sink } = connect(channel);
      await settle();
      channel.send('one');
      channel.send({ id: 2, data: 'two' });
      expect(sink.chunks).toEqual([':ok\n\n']);
      await settle();
      expect(sink.chunks).toEqual([':ok\n\n', 'data: one\n\nid: 2\ndata: two\n\n']);
    });

    it('does not keep an event sent to given handles in history', async () => {
      const channel = channelWith();
      const chosen = connect(channel).sink;
      channel.send({ id: 1, data: 'Private' }, [chosen]);
      channel.send({ id: 2, data: 'Public' });
      const late = connect(channel, request('/events?lastEventId=0')).sink;
      await settle();
      expect(late.text).toBe(':ok\n\nid: 2\ndata: Public\n\n');
    });

    it('keeps the order of broadcast and private events for a client that gets both', async () => {
      const channel = channelWith();
      const chosen = connect(channel).sink;
      await settle();
      channel.send('one');
      channel.send('two', [chosen]);
      channel.send('three');
      await settle();
      expect(chosen.text).toBe(':ok\n\ndata: one\n\ndata: two\n\ndata: three\n\n');
    });

    it('does not keep a plain string in history', async () => {
      const channel = channelWith();
      channel.send('no id');
      channel.send({ id: 0, data: 'id 0' });
      const late = connect(channel, request('/events?lastEventId=0')).sink;
      await settle();
      expect(late.text).toBe(':ok\n\n');
    });

    it('emits message with all handles as recipients for a broadcast', () => {
      const channel = channelWith();
      const a = connect(channel).sink;
      const b = connect(channel).sink;
      const listener = vi.fn();
      channel.on('message', listener);
      channel.send('foobar');
      expect(listener).toHaveBeenCalledExactlyOnceWith(channel, 'foobar', [a, b]);
    });

    it('emits message with the given handles as recipients for a private send', () => {
      const channel = channelWith();
      connect(channel);
      const b = connect(channel).sink;
      const listener = vi.fn();
      channel.on('message', listener);
      const message = { data: 'barfoo' };
      channel.send(message, [b]);
      expect(listener).toHaveBeenCalledExactlyOnceWith(channel, message, [b]);
    });

    it.each([
      ['an id with LF', { id: '1\nevent: x', data: 'a' }],
      ['an id with CR', { id: '1\revent: x', data: 'a' }],
      ['an event with NUL', { event: 'a\0b', data: 'a' }],
      ['an event with CRLF', { event: 'a\r\ndata: x', data: 'a' }],
    ])('throws for %s, writes nothing and leaves history unchanged', async (_, hostile) => {
      const channel = channelWith();
      channel.send({ id: 1, data: 'kept' });
      const { sink } = connect(channel);
      await settle();
      const listener = vi.fn();
      channel.on('message', listener);
      expect(() => channel.send(hostile)).toThrow(TypeError);
      await settle();
      expect(sink.text).toBe(':ok\n\n');
      expect(listener).not.toHaveBeenCalled();
      const late = connect(channel, request('/events?lastEventId=0')).sink;
      await settle();
      expect(late.text).toBe(':ok\n\nid: 1\ndata: kept\n\n');
    });

    it('writes the ping comment to every client on ping()', async () => {
      const channel = channelWith();
      const { sink } = connect(channel);
      await settle();
      channel.ping();
      await settle();
      expect(sink.chunks).toEqual([':ok\n\n', ':\n']);
    });

    it('writes the retry line to every client on retry(ms) and to later clients on connect', async () => {
      const channel = channelWith({ retryTimeout: 3000 });
      const { sink } = connect(channel);
      await settle();
      channel.retry(75);
      const later = connect(channel).sink;
      await settle();
      expect(sink.text).toBe(':ok\n\nretry: 3000\nretry: 75\n');
      expect(later.text).toBe(':ok\n\nretry: 75\n');
    });

    it.each([[-1], [1.5], [Number.NaN]])('rejects retry(%s) naming retry and the value', (ms) => {
      expect(() => channelWith().retry(ms)).toThrow(RangeError);
      expect(() => channelWith().retry(ms)).toThrow(`retry must be an integer >= 0 (got ${ms})`);
    });
  });

  describe('history option', () => {
    it('pre-loads only events with an id, the newest historySize of them', async () => {
      const history = [
        { id: 1, data: 'one' },
        { data: 'no id' },
        { id: 2, data: 'two' },
        { id: 3, data: 'three' },
        { id: 4, data: 'four' },
      ];
      // The events that did not fit count as evicted; the reset event that tells so is tested with the features.
      const channel = channelWith({ historySize: 2, history, resetEvent: false });
      const { sink } = connect(channel, request('/events?lastEventId=0'));
      await settle();
      expect(sink.text).toBe(':ok\n\nid: 3\ndata: three\n\nid: 4\ndata: four\n\n');
    });

    it('encodes pre-loaded data as JSON when jsonEncode is on', async () => {
      const channel = channelWith({ jsonEncode: true, history: [{ id: 1, data: { a: 1 } }] });
      const { sink } = connect(channel, request('/events?lastEventId=0'));
      await settle();
      expect(sink.text).toBe(':ok\n\nid: 1\ndata: {"a":1}\n\n');
    });

    it('keeps nothing with historySize 0', async () => {
      const channel = channelWith({ historySize: 0, history: [{ id: 1, data: 'one' }], resetEvent: false });
      channel.send({ id: 2, data: 'two' });
      const { sink } = connect(channel, request('/events?lastEventId=0'));
      await settle();
      expect(sink.text).toBe(':ok\n\n');
    });
  });

  describe('leaving', () => {
    it('counts connected clients', () => {
      const channel = channelWith();
      expect(channel.getConnectionCount()).toBe(0);
      const { client } = connect(channel);
      connect(channel);
      expect(channel.getConnectionCount()).toBe(2);
      client.onSinkClose();
      expect(channel.getConnectionCount()).toBe(1);
    });

    it('emits disconnect once when the sink reports its close twice', () => {
      const channel = channelWith();
      const listener = vi.fn();
      channel.on('disconnect', listener);
      const { sink, client } = connect(channel);
      client.onSinkClose();
      client.onSinkClose();
      expect(listener).toHaveBeenCalledExactlyOnceWith(channel, sink);
    });

    it('emits disconnect once when removeClient is followed by the sink closing', () => {
      const channel = channelWith();
      const listener = vi.fn();
      channel.on('disconnect', listener);
      const { sink, client } = connect(channel);
      channel.removeClient(sink);
      client.onSinkClose();
      channel.removeClient(sink);
      expect(listener).toHaveBeenCalledOnce();
    });

    it('emits disconnect once per client when close() is followed by the sinks closing', () => {
      const channel = channelWith();
      const listener = vi.fn();
      channel.on('disconnect', listener);
      const first = connect(channel);
      const second = connect(channel);
      channel.close();
      first.client.onSinkClose();
      second.client.onSinkClose();
      expect(listener.mock.calls.map((call) => call[1])).toEqual([first.sink, second.sink]);
    });

    it('stops writing to a removed client without ending it', async () => {
      const channel = channelWith();
      const { sink } = connect(channel);
      await settle();
      channel.removeClient(sink);
      channel.send('after');
      await settle();
      expect(sink.text).toBe(':ok\n\n');
      expect(sink.ended).toBe(false);
    });

    it('writes what was sent before removeClient in the same tick', async () => {
      const channel = channelWith();
      const { sink } = connect(channel);
      channel.send('before');
      channel.removeClient(sink);
      await settle();
      expect(sink.text).toBe(':ok\n\ndata: before\n\n');
    });

    it('ends every sink once on close(), after writing what was sent', async () => {
      const channel = channelWith();
      const first = connect(channel).sink;
      const second = connect(channel).sink;
      channel.send('last words');
      channel.close();
      await settle();
      for (const sink of [first, second]) {
        expect(sink.text).toBe(':ok\n\ndata: last words\n\n');
        expect(sink.ends).toBe(1);
      }
      expect(channel.getConnectionCount()).toBe(0);
    });

    it('does not throw on send after close()', async () => {
      const channel = channelWith();
      const { sink } = connect(channel);
      channel.close();
      expect(() => channel.send({ id: 1, data: 'late' })).not.toThrow();
      await settle();
      expect(sink.text).toBe(':ok\n\n');
    });

    it('accepts new clients after close()', async () => {
      const channel = channelWith();
      connect(channel);
      channel.close();
      const { sink } = connect(channel);
      channel.send('again');
      await settle();
      expect(channel.getConnectionCount()).toBe(1);
      expect(sink.text).toBe(':ok\n\ndata: again\n\n');
    });

    it('holds bytes for a congested sink and writes them as one chunk when it drains', async () => {
      const channel = channelWith();
      const { sink, client } = connect(channel, request(), congestedSink());
      await settle();
      channel.send('one');
      await settle();
      channel.send('two');
      await settle();
      expect(sink.chunks).toEqual([':ok\n\n']);
      sink.congested = false;
      client.onSinkDrain();
      expect(sink.chunks).toEqual([':ok\n\n', 'data: one\n\ndata: two\n\n']);
    });

    it('flushes a sink that can flush after each write', async () => {
      const channel = channelWith();
      const sink = new MemorySink();
      const calls: string[] = [];
      const write = sink.write.bind(sink);
      Object.assign(sink, {
        write: (chunk: Uint8Array) => (calls.push('write'), write(chunk)),
        flush: () => calls.push('flush'),
      });
      connect(channel, request(), sink);
      await settle();
      channel.send('one');
      channel.send('two');
      await settle();
      expect(calls).toEqual(['write', 'flush', 'write', 'flush']);
    });

    it('drops a client whose sink throws, and keeps writing to the others', async () => {
      const channel = channelWith();
      const broken = connect(channel).sink;
      const healthy = connect(channel).sink;
      await settle();
      broken.write = () => {
        throw new Error('gone');
      };
      channel.send('still here');
      await settle();
      expect(healthy.text).toBe(':ok\n\ndata: still here\n\n');
      expect(channel.getConnectionCount()).toBe(1);
    });
  });

  describe('keep-alive timer', () => {
    it('starts no timer before a client connects', () => {
      const setIntervalSpy = vi.spyOn(globalThis, 'setInterval');
      channelWith({ pingInterval: 1000 });
      expect(setIntervalSpy).not.toHaveBeenCalled();
    });

    it('starts one unref-ed timer with the pingInterval for all clients', () => {
      const setIntervalSpy = vi.spyOn(globalThis, 'setInterval');
      const channel = channelWith({ pingInterval: 1000 });
      connect(channel);
      connect(channel);
      expect(setIntervalSpy).toHaveBeenCalledOnce();
      expect(setIntervalSpy.mock.calls[0]?.[1]).toBe(1000);
      const timer = setIntervalSpy.mock.results[0]?.value as NodeJS.Timeout;
      expect(timer.hasRef()).toBe(false);
    });

    it('stops the timer when the last client leaves and starts it again for the next', () => {
      const setIntervalSpy = vi.spyOn(globalThis, 'setInterval');
      const clearIntervalSpy = vi.spyOn(globalThis, 'clearInterval');
      const channel = channelWith({ pingInterval: 1000 });
      const first = connect(channel).client;
      const second = connect(channel).client;
      first.onSinkClose();
      expect(clearIntervalSpy).not.toHaveBeenCalled();
      second.onSinkClose();
      expect(clearIntervalSpy).toHaveBeenCalledExactlyOnceWith(setIntervalSpy.mock.results[0]?.value);
      connect(channel);
      expect(setIntervalSpy).toHaveBeenCalledTimes(2);
    });

    it('stops the timer on close()', () => {
      const setIntervalSpy = vi.spyOn(globalThis, 'setInterval');
      const clearIntervalSpy = vi.spyOn(globalThis, 'clearInterval');
      const channel = channelWith({ pingInterval: 1000 });
      connect(channel);
      channel.close();
      expect(clearIntervalSpy).toHaveBeenCalledExactlyOnceWith(setIntervalSpy.mock.results[0]?.value);
    });

    it.each([[0], [false as const]])('starts no timer with pingInterval %s while no client is stalled', (pingInterval) => {
      const setIntervalSpy = vi.spyOn(globalThis, 'setInterval');
      connect(channelWith({ pingInterval }));
      expect(setIntervalSpy).not.toHaveBeenCalled();
    });

    it('pings every pingInterval while clients are connected', async () => {
      vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
      const channel = channelWith({ pingInterval: 1000 });
      const { sink } = connect(channel);
      await vi.advanceTimersByTimeAsync(3500);
      await settle();
      expect(sink.text).toBe(':ok\n\n:\n:\n:\n');
    });

    it('pings every 20 seconds by default', async () => {
      vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
      const channel = new SseChannel<MemorySink>();
      channels.push(channel);
      const { sink } = connect(channel);
      await vi.advanceTimersByTimeAsync(19_999);
      await settle();
      expect(sink.text).toBe(':ok\n\n');
      await vi.advanceTimersByTimeAsync(1);
      await settle();
      expect(sink.text).toBe(':ok\n\n:\n');
    });
  });
});
