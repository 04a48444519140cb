import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

// The built package, loaded through its `exports` map as users load it (run `pnpm build` first).
const require = createRequire(import.meta.url);

type CoreModule = typeof import('@sse-channel/core');

function expectCoreApi(core: CoreModule): void {
  expect(typeof core.SseChannel).toBe('function');
  expect(new TextDecoder().decode(core.encodeEvent({ id: 1, data: 'x' }))).toBe('id: 1\ndata: x\n\n');
  expect(new core.SseChannel({ pingInterval: 0 }).getConnectionCount()).toBe(0);
}

describe('the built package', () => {
  it('loads with import and exposes SseChannel and encodeEvent', async () => {
    const core = await import('@sse-channel/core');
    const built = (await import('../dist/index.js')) as CoreModule;
    expect(core.SseChannel).toBe(built.SseChannel);
    expectCoreApi(core);
  });

  it('loads with require() and exposes SseChannel and encodeEvent', () => {
    expect(require.resolve('@sse-channel/core')).toMatch(/dist[\\/]index\.cjs$/);
    expectCoreApi(require('@sse-channel/core') as CoreModule);
  });
});
