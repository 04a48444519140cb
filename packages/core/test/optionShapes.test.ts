// Options in the shapes plain data cannot show: getters, proxies, frozen and inherited objects,
// arrays with extra properties. The plain cases every package checks are in testkit's INVALID_OPTIONS.
import { describe, expect, it } from 'vitest';
import { admission, SseChannel, type Backplane, type SseChannelOptions } from '../src/index.js';
import { connect, request, settle } from './connect.js';
import { MemorySink } from './MemorySink.js';

const channel = (options: unknown) => new SseChannel<MemorySink>(options as SseChannelOptions);
const boom = (): never => {
  throw new Error('boom');
};
/** An object whose property `name` is a getter that throws. */
const throwingGetter = (name: string, base: object = {}) => Object.defineProperty(base, name, { get: boom, enumerable: true });

/** What a client that asks for everything is replayed (give `pingInterval: 0`: the channel is not closed). */
async function replayOf(options: unknown): Promise<string> {
  const { sink } = connect(channel(options), request('/events?lastEventId=0'));
  await settle();
  return sink.text;
}

describe('options in odd shapes, refused naming the option', () => {
  it.each<[string, () => unknown, typeof TypeError | typeof RangeError, string]>([
    ['options that are an array', () => [], TypeError, 'options must be an object (got an array)'],
    ['options that are a function', () => () => ({}), TypeError, 'options must be an object (got a function)'],
    ['a getter that throws', () => throwingGetter('historySize'), TypeError, 'historySize could not be read (boom)'],
    ['a getter of a class that throws', () => new (class { get pingInterval(): number { return boom(); } })(), TypeError, 'pingInterval could not be read (boom)'],
    ['a proxy whose get throws', () => new Proxy({ jsonEncode: true }, { get: boom }), TypeError, 'jsonEncode could not be read (boom)'],
    ['a proxy whose ownKeys throws', () => new Proxy({}, { ownKeys: boom }), TypeError, 'options could not be read (boom)'],
    ['a revoked proxy', () => { const { proxy, revoke } = Proxy.revocable({}, {}); revoke(); return proxy; }, TypeError, 'options could not be read ('],
    ['a history item whose getter throws', () => ({ history: throwingGetter('0', []) }), TypeError, 'history[0] could not be read (boom)'],
    ['a history event whose id getter throws', () => ({ history: [throwingGetter('id')] }), TypeError, 'history[0].id could not be read (boom)'],
    ['a history proxy whose has throws', () => ({ history: new Proxy([{ id: 1 }], { has: boom }) }), TypeError, 'history[0] could not be read (boom)'],
    ['a history event with circular data and jsonEncode', () => { const data: Record<string, unknown> = {}; data.self = data; return { jsonEncode: true, history: [{ id: 1, data }] }; }, TypeError, 'history[0] is not a valid event: Converting circular structure to JSON'],
    ['cors whose origins getter throws', () => ({ cors: throwingGetter('origins') }), TypeError, 'cors.origins could not be read (boom)'],
    ['cors origins in a proxy whose get throws', () => ({ cors: { origins: new Proxy(['https://a.example'], { get: boom }) } }), TypeError, 'cors.origins.length could not be read (boom)'],
    ['a backplane whose method getter throws', () => ({ backplane: throwingGetter('open') }), TypeError, 'backplane.open could not be read (boom)'],
  ])('refuses %s', (_, options, type, message) => {
    const construct = () => channel(options());
    expect(construct).toThrow(type);
    expect(construct).toThrow(message);
  });

  it('refuses adapter options in odd shapes the same way', () => {
    const source = channel({ pingInterval: 0 });
    expect(() => admission(source, [] as object)).toThrow('options must be an object (got an array)');
    expect(() => admission(source, throwingGetter('authorize'))).toThrow('authorize could not be read (boom)');
    expect(() => admission(source, { onError: 'log' } as object)).toThrow('onError must be a function (got "log")');
  });
});

describe('options in odd shapes, accepted as their values', () => {
  it('reads each option once: a getter that would answer differently later is not asked again', async () => {
    let reads = 0;
    const options = {
      pingInterval: 0,
      get historySize() {
        reads++;
        return reads === 1 ? 1 : -1;
      },
      history: [{ id: 1, data: 'a' }, { id: 2, data: 'b' }],
    };
    expect(await replayOf(options)).toBe(':ok\n\nid: 2\ndata: b\n\n');
    expect(reads).toBe(1);
  });

  it('reads each history item and field once, through a proxy', async () => {
    const reads = new Map<PropertyKey, number>();
    const count = <T extends object>(target: T): T =>
      new Proxy(target, { get: (object, key) => (reads.set(key, (reads.get(key) ?? 0) + 1), Reflect.get(object, key) as unknown) });
    expect(await replayOf({ pingInterval: 0, history: count([count({ id: 1, data: 'a' })]) })).toBe(':ok\n\nid: 1\ndata: a\n\n');
    expect([...reads.values()].every((n) => n === 1)).toBe(true);
    expect(reads.has('id') && reads.has('0') && reads.has('length')).toBe(true);
  });

  it('takes inherited options, as reading them did', async () => {
    expect(await replayOf(Object.create({ pingInterval: 0, historySize: 1, history: [{ id: 1 }, { id: 2 }] }))).toBe(':ok\n\nid: 2\ndata: \n\n');
  });

  it('takes frozen options, arrays and events', async () => {
    const options = Object.freeze({ pingInterval: 0, history: Object.freeze([Object.freeze({ id: 1, data: 'a' })]), cors: Object.freeze({ origins: Object.freeze(['https://a.example']) }) });
    expect(await replayOf(options)).toBe(':ok\n\nid: 1\ndata: a\n\n');
  });

  it('takes an array subclass and an array with extra properties, using its items only', async () => {
    class Events extends Array<object> {}
    const history = Object.assign(Events.from([{ id: 1, data: 'a' }]), { extra: { id: 9, data: 'x' }, '-1': { id: 8 } });
    expect(await replayOf({ pingInterval: 0, history })).toBe(':ok\n\nid: 1\ndata: a\n\n');
  });

  it('takes -0 as 0', async () => {
    expect(await replayOf({ pingInterval: 0, historySize: -0, history: [{ id: 1 }] })).toBe(':ok\n\n');
  });

  it('keeps a copy of cors: changing the arrays passed changes nothing', () => {
    const origins = ['https://a.example'];
    const source = channel({ cors: { origins } });
    origins.push('https://b.example');
    origins[0] = 'https://c.example';
    expect(source.accept(request('/events', { origin: 'https://a.example' }), request(), new MemorySink()).status).toBe(200);
    expect(source.accept(request('/events', { origin: 'https://b.example' }), request(), new MemorySink()).status).toBe(403);
  });

  it('keeps a copy of the history events: changing them after construction changes nothing', async () => {
    const event = { id: 1, data: 'a' };
    const options = { history: [event] };
    const source = channel({ pingInterval: 0, ...options });
    event.data = 'changed';
    const { sink } = connect(source, request('/events?lastEventId=0'));
    await settle();
    expect(sink.text).toBe(':ok\n\nid: 1\ndata: a\n\n');
  });
});

describe('nothing half-applied', () => {
  it('opens no backplane when another option is refused', () => {
    let opened = 0;
    const backplane: Backplane = {
      open: () => void opened++,
      publish: () => Promise.resolve(undefined),
      replay: () => Promise.resolve({ events: [], reset: false }),
    };
    for (const bad of [{ historySize: -1 }, { history: [, { id: 1 }] }, { cors: { origins: ['x'] } }, { maxLifetime: 1.5 }, { history: [{ id: 1 }] }]) {
      expect(() => channel({ backplane, ...bad })).toThrow();
    }
    expect(opened).toBe(0);
    channel({ backplane });
    expect(opened).toBe(1);
  });
});
