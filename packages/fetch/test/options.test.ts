import { INVALID_OPTIONS } from '@sse-channel/testkit';
import { describe, expect, it } from 'vitest';
import { SseChannel, type SseChannelOptions } from '../src/index.js';

describe('fetch channel options', () => {
  it.each(INVALID_OPTIONS)('rejects %o at construction', (options, type, message) => {
    const construct = () => new SseChannel(options as SseChannelOptions);
    expect(construct).toThrow(type);
    expect(construct).toThrow(message);
  });
});
