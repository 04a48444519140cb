import { afterEach, describe, expect, it, vi } from 'vitest';
import { SseChannel, sse } from '../src/index.js';

describe('the sse() Fetch handler', () => {
  afterEach(() => vi.restoreAllMocks());

  it('rejects a source that is neither a channel nor a function at construction', () => {
    expect(() => sse(42 as unknown as SseChannel)).toThrow('channelOrResolver must be a channel or a function (got 42)');
  });

  it('rejects an authorize that is not a function at construction', () => {
    expect(() => sse(new SseChannel(), { authorize: true as unknown as () => boolean })).toThrow(/^authorize must be a function/);
  });

  it('reports what the resolver threw to console.error by default, and answers a bare 500', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    const failure = new Error('no such room');
    const response = await sse(() => Promise.reject(failure))(new Request('http://127.0.0.1/events'));
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('');
    expect(logged).toHaveBeenCalledWith(failure);
  });
});
