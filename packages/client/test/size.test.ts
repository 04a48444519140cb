import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const BUDGET = 3 * 1024;
const entry = new URL('../dist/index.js', import.meta.url).pathname;

describe('size', () => {
  it(`stays under ${BUDGET} bytes minified and gzipped, as a bundler ships it`, async () => {
    const { outputFiles, metafile } = await build({ entryPoints: [entry], bundle: true, minify: true, format: 'esm', write: false, metafile: true });
    expect(Object.keys(metafile.inputs)).toHaveLength(1);
    const size = gzipSync(outputFiles[0]?.contents ?? new Uint8Array(), { level: 9 }).length;
    console.log(`@sse-channel/client: ${size} bytes min+gzip`);
    expect(size).toBeLessThan(BUDGET);
  });

  it('has no runtime dependencies', () => {
    const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as Record<string, unknown>;
    expect(manifest['dependencies']).toBeUndefined();
    expect(manifest['peerDependencies']).toBeUndefined();
  });
});
