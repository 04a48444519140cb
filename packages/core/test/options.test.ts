import { describe, expect, it } from 'vitest';
import { SseChannel, type SseChannelOptions } from '../src/index.js';

const construct = (options: unknown) => () => new SseChannel(options as SseChannelOptions);

describe('channel options', () => {
  it('can be constructed without options', () => {
    expect(construct(undefined)).not.toThrow();
  });

  it('accepts every option at a valid value', () => {
    const options: SseChannelOptions = {
      historySize: 0,
      history: [{ id: 1, data: 'x' }],
      retryTimeout: 0,
      pingInterval: false,
      jsonEncode: true,
      cors: { origins: '*', credentials: true, headers: ['X-Token'] },
      maxQueuedBytes: 1,
      slowClientPolicy: 'drop-oldest',
    };
    expect(construct(options)).not.toThrow();
  });

  it('rejects options that are not an object', () => {
    expect(construct(5)).toThrow(/options must be an object \(got 5\)/);
  });

  it.each([
    [{ historySize: -1 }, RangeError, 'historySize must be an integer >= 0 (got -1)'],
    [{ historySize: 1.5 }, RangeError, 'historySize must be an integer >= 0 (got 1.5)'],
    [{ historySize: '5' }, TypeError, 'historySize must be an integer >= 0 (got "5")'],
    [{ historySize: Number.NaN }, RangeError, 'historySize must be an integer >= 0 (got NaN)'],
    [{ historySize: Number.POSITIVE_INFINITY }, RangeError, 'historySize must be an integer >= 0 (got Infinity)'],
    [{ history: 'abc' }, TypeError, 'history must be an array of event objects (got "abc")'],
    [{ history: [null] }, TypeError, 'history must be an array of event objects (got an array)'],
    [{ retryTimeout: -5 }, RangeError, 'retryTimeout must be an integer >= 0 (got -5)'],
    [{ retryTimeout: 2.5 }, RangeError, 'retryTimeout must be an integer >= 0 (got 2.5)'],
    [{ retryTimeout: '1000' }, TypeError, 'retryTimeout must be an integer >= 0 (got "1000")'],
    [{ pingInterval: -1 }, RangeError, 'pingInterval must be an integer >= 0 (got -1)'],
    [{ pingInterval: 0.5 }, RangeError, 'pingInterval must be an integer >= 0 (got 0.5)'],
    [{ pingInterval: true }, TypeError, 'pingInterval must be an integer >= 0 (got true)'],
    [{ pingInterval: '20000' }, TypeError, 'pingInterval must be an integer >= 0 (got "20000")'],
    [{ jsonEncode: 'yes' }, TypeError, 'jsonEncode must be a boolean (got "yes")'],
    [{ jsonEncode: 1 }, TypeError, 'jsonEncode must be a boolean (got 1)'],
    [{ cors: 'https://a.example' }, TypeError, 'cors must be an object or false (got "https://a.example")'],
    [{ cors: true }, TypeError, 'cors must be an object or false (got true)'],
    [{ cors: {} }, TypeError, "cors.origins must be '*' or an array of origin strings (got undefined)"],
    [{ cors: { origins: 'https://a.example' } }, TypeError, `cors.origins must be '*' or an array of origin strings (got "https://a.example")`],
    [{ cors: { origins: [1] } }, TypeError, "cors.origins must be '*' or an array of origin strings (got an array)"],
    [{ cors: { origins: '*', credentials: 'yes' } }, TypeError, 'cors.credentials must be a boolean (got "yes")'],
    [{ cors: { origins: '*', headers: 'X-Token' } }, TypeError, 'cors.headers must be an array of header names (got "X-Token")'],
    [{ maxQueuedBytes: 0 }, RangeError, 'maxQueuedBytes must be an integer >= 1 (got 0)'],
    [{ maxQueuedBytes: 1.5 }, RangeError, 'maxQueuedBytes must be an integer >= 1 (got 1.5)'],
    [{ maxQueuedBytes: '1024' }, TypeError, 'maxQueuedBytes must be an integer >= 1 (got "1024")'],
    [{ slowClientPolicy: 'drop' }, RangeError, `slowClientPolicy must be 'disconnect' or 'drop-oldest' (got "drop")`],
    [{ slowClientPolicy: 1 }, RangeError, `slowClientPolicy must be 'disconnect' or 'drop-oldest' (got 1)`],
  ])('rejects %o at construction', (options, type, message) => {
    expect(construct(options)).toThrow(type);
    expect(construct(options)).toThrow(message);
  });

  it('rejects a history event with a hostile id, naming the problem', () => {
    expect(construct({ history: [{ id: '1\nevent: x', data: 'a' }] })).toThrow(/history holds an invalid event: id must not contain CR, LF or NUL/);
  });

  it.each([[{ retryTimeout: null }], [{ cors: false }], [{ cors: null }], [{ pingInterval: 0 }], [{ pingInterval: false }]])(
    'accepts %o as "off"',
    (options) => {
      expect(construct(options)).not.toThrow();
    },
  );
});
