import { describe, expect, it } from 'vitest';
import { SseChannel, type SseChannelOptions } from '../../src/index.js';

const invalid: Array<[string, SseChannelOptions, ErrorConstructor, string]> = [
  ['autoId', { autoId: 'yes' as unknown as boolean }, TypeError, 'autoId must be a boolean (got "yes")'],
  ['historyMaxAge', { historyMaxAge: -1 }, RangeError, 'historyMaxAge must be an integer >= 0 (got -1)'],
  ['firstConnect', { firstConnect: 'some' as 'all' }, RangeError, `firstConnect must be 'none', 'all' or an integer >= 0 (got "some")`],
  ['firstConnect', { firstConnect: 1.5 }, RangeError, `firstConnect must be 'none', 'all' or an integer >= 0 (got 1.5)`],
  ['resetEvent', { resetEvent: 'a\nb' }, TypeError, 'resetEvent must be an event name without CR, LF or NUL, or false (got "a\\nb")'],
  ['resetEvent', { resetEvent: '' }, TypeError, 'resetEvent must be an event name without CR, LF or NUL, or false (got "")'],
  ['metadata', { metadata: {} as unknown as () => Record<string, unknown> }, TypeError, 'metadata must be a function of the request (got an object)'],
  ['maxLifetime', { maxLifetime: 2.5 }, RangeError, 'maxLifetime must be an integer >= 0 (got 2.5)'],
  ['lifetimeJitter', { maxLifetime: 100, lifetimeJitter: 200 }, RangeError, 'lifetimeJitter must not exceed maxLifetime (got 200 > 100)'],
];

describe('feature options', () => {
  it.each(invalid)('rejects an invalid %s at construction, naming it', (_name, options, type, message) => {
    expect(() => new SseChannel(options)).toThrow(type);
    expect(() => new SseChannel(options)).toThrow(message);
  });

  it('rejects a firstConnect function result that is not a policy when the client connects', () => {
    const channel = new SseChannel({ firstConnect: () => -1, pingInterval: 0 });
    const req = { method: 'GET', url: '/', headers: {}, httpVersionMajor: 1 };
    const sink = { write: () => true, end: () => {} };
    expect(() => channel.attach(sink, channel.decide(req), sink, req)).toThrow(
      `firstConnect must be 'none', 'all' or an integer >= 0 (got -1)`,
    );
  });
});
