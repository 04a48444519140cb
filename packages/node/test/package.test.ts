import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

// The built package, loaded through its `exports` map as users load it (run `pnpm build` first).
const require = createRequire(import.meta.url);

type NodeModule = typeof import('@sse-channel/node');

describe('the built package', () => {
  it('loads with import, with SseChannel as the default and a named export', async () => {
    const node = await import('@sse-channel/node');
    const built = (await import('../dist/index.js')) as NodeModule;
    expect(node.SseChannel).toBe(built.SseChannel);
    expect(node.default).toBe(node.SseChannel);
    const channel = new node.SseChannel({ pingInterval: 0 });
    expect(typeof channel.addClient).toBe('function');
    expect(typeof node.encodeEvent).toBe('function');
  });

  it("returns the SseChannel class itself from require(), as require('sse-channel') did", () => {
    expect(require.resolve('@sse-channel/node')).toMatch(/dist[\\/]index\.cjs$/);
    const SseChannel = require('@sse-channel/node') as NodeModule['SseChannel'] & NodeModule;
    expect(typeof SseChannel).toBe('function');
    expect(SseChannel.SseChannel).toBe(SseChannel);
    expect(SseChannel.default).toBe(SseChannel);
    const channel = new SseChannel({ pingInterval: 0 });
    expect(typeof channel.addClient).toBe('function');
    expect(typeof SseChannel.encodeEvent).toBe('function');
  });
});
