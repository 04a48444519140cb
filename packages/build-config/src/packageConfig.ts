import { readFile, writeFile } from 'node:fs/promises';
import { build, type Options } from 'tsup';
import { commonJsDeclarations } from './commonJsDeclarations.js';

/** How a package's build differs from the others'. */
export interface PackageConfigOptions {
  /**
   * `require()` returns the default export itself, with the named exports assigned onto it, and the
   * CommonJS declarations (`dist/index.d.cts`) describe that with `export =`. The default export must
   * be a class or a function.
   */
  requireReturnsDefault?: boolean;
}

const DECLARATIONS = 'dist/index.d.cts';

/**
 * The tsup configuration of a published package: `src/index.ts` built to ESM and CommonJS for
 * Node 20, each with its declarations.
 *
 * @example
 * // tsup.config.ts
 * export default packageConfig({ requireReturnsDefault: true });
 */
export function packageConfig(options: PackageConfigOptions = {}): Options {
  const config: Options = { entry: ['src/index.ts'], format: ['esm', 'cjs'], dts: true, clean: true, target: 'node20' };
  if (!options.requireReturnsDefault) return config;
  return {
    ...config,
    dts: false,
    footer: ({ format }) => (format === 'cjs' ? { js: 'module.exports = Object.assign(module.exports.default, module.exports);' } : {}),
    // tsup writes declarations in parallel with the JavaScript and has no hook after them: build them here, then rewrite.
    onSuccess: async () => {
      await build({ ...config, config: false, clean: false, dts: { only: true } });
      await writeFile(DECLARATIONS, commonJsDeclarations(await readFile(DECLARATIONS, 'utf8')));
    },
  };
}
