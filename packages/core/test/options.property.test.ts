// Properties of option validation over generated values: every value is either accepted or refused
// with a TypeError or RangeError that names the option; never another error, never half-applied.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeEvent, SseChannel, type Backplane, type SseChannelOptions, type SseEvent } from '../src/index.js';
import { connect, request, settle } from './connect.js';
import { MemorySink } from './MemorySink.js';

const RUNS = { numRuns: 300 };
const MAX_TIMER = 2 ** 31 - 1;

/** The error construction throws, or undefined when it succeeds. */
function constructionError(options: unknown): unknown {
  try {
    new SseChannel<MemorySink>(options as SseChannelOptions);
    return undefined;
  } catch (error) {
    return error;
  }
}

/** Values that probe number checks: edge numbers, numeric strings, other types. */
const numberLike = fc.oneof(
  fc.integer(),
  fc.integer({ min: 0, max: MAX_TIMER }),
  fc.double(),
  fc.maxSafeInteger(),
  fc.constantFrom(Number.NaN, Infinity, -Infinity, -0, 0, 1, MAX_TIMER, MAX_TIMER + 1, 2 ** 53, Number.MAX_SAFE_INTEGER, Number.MAX_VALUE, Number.MIN_VALUE),
  fc.integer().map(String),
  fc.boolean(),
  fc.constant(null),
  fc.bigInt(),
  fc.anything(),
);

/** Anything, including sparse arrays, typed arrays, boxed values and objects without a prototype. */
const oddValue = fc.anything({ withSparseArray: true, withTypedArray: true, withBoxedValues: true, withNullPrototype: true, withBigInt: true, withMap: true, withSet: true });

const OPTION_NAMES = [
  'historySize', 'history', 'retryTimeout', 'pingInterval', 'flushInterval', 'jsonEncode', 'cors', 'maxQueuedBytes', 'slowClientPolicy', 'backplane',
  'autoId', 'historyMaxAge', 'firstConnect', 'resetEvent', 'metadata', 'maxLifetime', 'lifetimeJitter',
] as const;

describe('option validation, over generated values', () => {
  it.each<[name: string, min: number, max: number, off: unknown[]]>([
    ['historySize', 0, Number.MAX_SAFE_INTEGER, []],
    ['retryTimeout', 0, Number.MAX_SAFE_INTEGER, [null]],
    ['pingInterval', 0, MAX_TIMER, [false]],
    ['flushInterval', 0, 1000, []],
    ['maxQueuedBytes', 1, Number.MAX_SAFE_INTEGER, []],
    ['historyMaxAge', 0, Number.MAX_SAFE_INTEGER, []],
    ['maxLifetime', 0, MAX_TIMER, []],
  ])('accepts exactly the integers from min to max for %s: a TypeError for other types, a RangeError for other numbers', (name, min, max, off) => {
    fc.assert(
      fc.property(numberLike, (value) => {
        const error = constructionError({ [name]: value });
        const valid = value === undefined || off.includes(value) || (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max);
        if (valid) return error === undefined;
        const type = typeof value === 'number' ? RangeError : TypeError;
        return error instanceof type && error.message.startsWith(`${name} must be an integer `) && error.message.includes('(got ');
      }),
      RUNS,
    );
  });

  it.each(['jsonEncode', 'autoId'])('accepts exactly the booleans for %s', (name) => {
    fc.assert(
      fc.property(oddValue, (value) => {
        const error = constructionError({ [name]: value });
        if (value === undefined || typeof value === 'boolean') return error === undefined;
        return error instanceof TypeError && error.message.startsWith(`${name} must be a boolean (got `);
      }),
      RUNS,
    );
  });

  it('accepts or refuses any value of any option with a TypeError or RangeError naming it', () => {
    fc.assert(
      fc.property(fc.constantFrom(...OPTION_NAMES), oddValue, (name, value) => {
        const error = constructionError({ [name]: value });
        if (error === undefined) return true;
        return (error instanceof TypeError || error instanceof RangeError) && new RegExp(`^${name}[ .[]`).test(error.message);
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts or refuses any options object as a whole, reading each of its properties once', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...OPTION_NAMES), oddValue, { maxKeys: 5 }), (values) => {
        const reads = new Map<PropertyKey, number>();
        const options = new Proxy(values, { get: (target, key) => (reads.set(key, (reads.get(key) ?? 0) + 1), Reflect.get(target, key) as unknown) });
        const error = constructionError(options);
        const named = error === undefined || ((error instanceof TypeError || error instanceof RangeError) && /^[a-zA-Z]+[ .[]/.test(error.message));
        return named && [...reads.values()].every((count) => count === 1);
      }),
      { numRuns: 1000 },
    );
  });

  it('opens the backplane exactly when the channel is constructed', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...OPTION_NAMES.filter((name) => name !== 'backplane')), oddValue, { maxKeys: 3 }), (values) => {
        let opened = 0;
        const backplane: Backplane = {
          open: () => void opened++,
          publish: () => Promise.resolve(undefined),
          replay: () => Promise.resolve({ events: [], reset: false }),
        };
        const error = constructionError({ ...values, backplane });
        return opened === (error === undefined ? 1 : 0);
      }),
      RUNS,
    );
  });
});

describe('history, over generated arrays', () => {
  const anId = fc.oneof(fc.integer({ min: -3, max: 5 }), fc.constantFrom('a', 'b', '1', '', 'x\ny', 'x\0'), fc.boolean(), fc.constant(null), fc.constant(undefined));
  const anEvent = fc.record({ id: anId, event: fc.constantFrom('e', undefined), data: fc.oneof(fc.string(), fc.integer(), fc.constant(undefined)) }, { requiredKeys: [] });
  const items = fc.sparseArray(fc.oneof(anEvent, anEvent, anEvent, fc.constantFrom(null, 'x', 7)), { maxLength: 8 });

  /** What validation must say about `history`, or the exact replay of everything kept when it is valid. */
  function expected(history: unknown[]): { error: string } | { replay: string } {
    const hole = Array.from({ length: history.length }, (_, index) => index).find((index) => !(index in history));
    if (hole !== undefined) return { error: `history[${hole}] must be an event object (got a hole)` };
    const kept = new Map<string, SseEvent>();
    for (const [index, item] of history.entries()) {
      if (typeof item !== 'object' || item === null) return { error: `history[${index}] must be an event object (got ` };
      const event = item as SseEvent;
      if (!event.id) continue;
      if (typeof event.id !== 'string' && typeof event.id !== 'number') return { error: `history[${index}] is not a valid event: id must be a string or a number` };
      if (/[\r\n\0]/.test(String(event.id))) return { error: `history[${index}] is not a valid event: id must not contain CR, LF or NUL` };
      kept.delete(String(event.id));
      kept.set(String(event.id), event);
    }
    const decoder = new TextDecoder();
    return { replay: Array.from(kept.values(), (event) => decoder.decode(encodeEvent(event))).join('') };
  }

  it('refuses holes, items that are not events and events that could not be sent, naming the index; replays exactly what it keeps', async () => {
    await fc.assert(
      fc.asyncProperty(items, async (history) => {
        const outcome = expected(history);
        const error = constructionError({ history });
        if ('error' in outcome) return error instanceof TypeError && error.message.startsWith(outcome.error);
        if (error !== undefined) return false;
        const channel = new SseChannel<MemorySink>({ history: history as SseEvent[], firstConnect: 'all', pingInterval: 0 });
        const { sink } = connect(channel, request());
        await settle();
        return sink.text === `:ok\n\n${outcome.replay}`;
      }),
      { numRuns: 200 },
    );
  });
});

describe('cors, over generated origins', () => {
  const anOrigin = fc
    .tuple(fc.constantFrom('http', 'https'), fc.domain(), fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }))
    .map(([scheme, host, port]) => `${scheme}://${host}${port === undefined ? '' : `:${port}`}`);
  const decide = (channel: SseChannel<MemorySink>, origin: string) => channel.accept(request('/events', { origin }), request(), new MemorySink());

  it('allows every origin it is given, and only those', () => {
    fc.assert(
      fc.property(fc.uniqueArray(anOrigin, { minLength: 1, maxLength: 5 }), anOrigin, (origins, other) => {
        const channel = new SseChannel<MemorySink>({ cors: { origins } });
        const allowed = origins.every((origin) => decide(channel, origin).headers['Access-Control-Allow-Origin'] === origin);
        return allowed && (origins.includes(other) || decide(channel, other).status === 403);
      }),
      RUNS,
    );
  });

  it('refuses holes and anything but origin strings in cors.origins, naming the index', () => {
    const item = fc.oneof(anOrigin, anOrigin.map((origin) => `${origin}/`), fc.string(), fc.integer(), fc.constant(null));
    fc.assert(
      fc.property(fc.sparseArray(item, { maxLength: 5 }), (origins) => {
        const error = constructionError({ cors: { origins } });
        const hole = Array.from({ length: origins.length }, (_, index) => index).find((index) => !(index in origins));
        if (hole !== undefined) return error instanceof TypeError && error.message.startsWith(`cors.origins[${hole}] `) && error.message.endsWith('(got a hole)');
        if (error === undefined) {
          const channel = new SseChannel<MemorySink>({ cors: { origins } as SseChannelOptions['cors'] });
          return origins.every((origin) => decide(channel, origin as string).status === 200);
        }
        return error instanceof TypeError && /^cors\.origins\[\d+\] must be an origin/.test((error as Error).message);
      }),
      RUNS,
    );
  });
});
