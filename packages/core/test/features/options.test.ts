import { describe, expect, it } from 'vitest';
import { SseChannel } from '../../src/index.js';
import { connect, request } from '../connect.js';
import type { MemorySink } from '../MemorySink.js';

describe('feature options', () => {
  it('accepts every feature option at a valid value', () => {
    expect(
      () =>
        new SseChannel({
          autoId: true,
          historyMaxAge: 1000,
          firstConnect: 10,
          resetEvent: false,
          metadata: () => ({}),
          maxLifetime: 1000,
          lifetimeJitter: 1000,
        }),
    ).not.toThrow();
  });

  it('rejects a firstConnect function result that is not a policy when the client connects', () => {
    const channel = new SseChannel<MemorySink>({ firstConnect: () => -1, pingInterval: 0 });
    expect(() => connect(channel, request())).toThrow(`firstConnect must be 'none', 'all' or an integer >= 0 (got -1)`);
  });
});
