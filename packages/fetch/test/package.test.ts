import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);

describe('the built package', () => {
  it('loads with import', async () => {
    const fetchAdapter = await import('@sse-channel/fetch');
    const channel = new fetchAdapter.SseChannel();
    expect(channel.response(new Request('http://127.0.0.1/events', { method: 'HEAD' })).status).toBe(200);
    expect(typeof fetchAdapter.sseResponse).toBe('function');
    expect(typeof fetchAdapter.sse).toBe('function');
  });

  it('loads with require()', () => {
    const fetchAdapter = require('@sse-channel/fetch') as typeof import('@sse-channel/fetch');
    const channel = new fetchAdapter.SseChannel();
    expect(channel.response(new Request('http://127.0.0.1/events', { method: 'HEAD' })).status).toBe(200);
    expect(require.resolve('@sse-channel/fetch')).toMatch(/dist[\\/]index\.cjs$/);
  });
});
