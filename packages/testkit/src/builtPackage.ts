import { createRequire } from 'node:module';
import { expect, it } from 'vitest';

/**
 * The two tests every package has: its built code loads as users load it, through its `exports` map,
 * with `import` (dist/index.js) and with `require()` (dist/index.cjs), and `check` passes on each.
 *
 * @param url the test file's `import.meta.url`: a package's own tests resolve its name to itself.
 * @param load `() => import(name)`, written in the test file so that the name resolves from there.
 * @example
 * itLoadsTheBuiltPackage<typeof import('../src/index.js')>(import.meta.url, name, () => import(name), ({ sse, SseChannel }) => {
 *   expect(typeof sse(new SseChannel())).toBe('function');
 * });
 */
export function itLoadsTheBuiltPackage<T>(url: string, name: string, load: () => Promise<unknown>, check: (loaded: T) => void): void {
  it('loads the built package with import', async () => {
    const loaded = await load();
    expect(loaded).toBe(await import(new URL('../dist/index.js', url).href));
    check(loaded as T);
  });

  it('loads the built package with require()', () => {
    const require = createRequire(url);
    expect(require.resolve(name)).toMatch(/dist[\\/]index\.cjs$/);
    check(require(name) as T);
  });
}
