import { describe, expect, it } from 'vitest';
import { INVALID_OPTIONS } from '@sse-channel/testkit';
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
      cors: { origins: ['https://a.example'], credentials: true, headers: ['X-Token'] },
      maxQueuedBytes: 1,
      slowClientPolicy: 'drop-oldest',
    };
    expect(construct(options)).not.toThrow();
  });

  it('rejects options that are not an object', () => {
    expect(construct(5)).toThrow(/options must be an object \(got 5\)/);
  });

  it.each(INVALID_OPTIONS)('rejects %o at construction', (options, type, message) => {
    expect(construct(options)).toThrow(type);
    expect(construct(options)).toThrow(message);
  });

  it('rejects a history event with a hostile id, naming the problem', () => {
    expect(construct({ history: [{ id: '1\nevent: x', data: 'a' }] })).toThrow('history[0] is not a valid event: id must not contain CR, LF or NUL (got "1\\nevent: x")');
  });

  it.each([[{ retryTimeout: null }], [{ cors: false }], [{ cors: null }], [{ pingInterval: 0 }], [{ pingInterval: false }]])(
    'accepts %o as "off"',
    (options) => {
      expect(construct(options)).not.toThrow();
    },
  );
});
