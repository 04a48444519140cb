import { execFile } from 'node:child_process';
import { cp, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { TYPES_NODE, TYPESCRIPT } from '../src/consumerProject.js';

const run = promisify(execFile);
const consumer = inject('consumer');

/** How a user's tsconfig resolves modules: Node's own rules (ESM and CommonJS files), or a bundler's. */
const RESOLUTIONS = {
  nodenext: { compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext' }, include: ['esm/*.ts', 'cjs/*.cts'] },
  bundler: { compilerOptions: { module: 'preserve', moduleResolution: 'bundler' }, include: ['esm/*.ts'] },
};

/**
 * Cells that wait for a change elsewhere, with the reason. `SseChannel` extends node's
 * `EventEmitter` and overrides `emit`, which recent `@types/node` no longer accept (TS2416); core
 * gets an emitter of its own in the restructuring, which removes the override.
 */
const WAITING: Record<string, string> = Object.fromEntries(
  Object.keys(TYPESCRIPT).flatMap((typescript) =>
    Object.keys(RESOLUTIONS).map((resolution) => [`typescript ${typescript}, @types/node latest, ${resolution}`, 'TS2416 emit: waits for the core emitter']),
  ),
);

/**
 * The errors tsc reports in our declarations or in the user's files. Errors inside other libraries'
 * declarations are theirs, and a user with skipLibCheck false meets them without us (today:
 * @types/koa against content-disposition's own types, @hapi/hapi's types importing joi).
 */
function ours(report: string): string[] {
  const errors = report.split(/\n(?=\S)/).filter((error) => error.includes('error TS'));
  return errors.filter((error) => !error.startsWith('node_modules/') || error.startsWith('node_modules/@sse-channel/'));
}

beforeAll(async () => {
  await cp(new URL('../fixtures/types/', import.meta.url), `${consumer}/typecheck`, { recursive: true });
});

// tsc is slow with skipLibCheck false: the cells run side by side.
describe.concurrent.each(Object.keys(TYPESCRIPT))('TypeScript %s', (typescript) => {
  describe.each(Object.keys(TYPES_NODE))('@types/node %s', (typesNode) => {
    for (const [resolution, config] of Object.entries(RESOLUTIONS)) {
      const cell = `typescript ${typescript}, @types/node ${typesNode}, ${resolution}`;
      const test = WAITING[cell] === undefined ? it : it.skip;
      test(`type-checks a user's project importing every package (moduleResolution ${resolution}, skipLibCheck false)`, async () => {
        const tsconfig = `${consumer}/typecheck/tsconfig.${typescript}.${typesNode}.${resolution}.json`;
        const compilerOptions = {
          ...config.compilerOptions,
          target: 'es2022',
          lib: ['es2022'],
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          esModuleInterop: true,
          types: ['node'],
          typeRoots: [`../types/node-${typesNode}/node_modules/@types`],
        };
        await writeFile(tsconfig, JSON.stringify({ compilerOptions, include: config.include }));
        const tsc = `${consumer}/node_modules/${TYPESCRIPT[typescript]}/bin/tsc`;
        const result = await run(process.execPath, [tsc, '-p', tsconfig], { cwd: consumer }).catch((error: { stdout: string }) => error);
        expect(ours('stdout' in result ? result.stdout : '')).toEqual([]);
      });
    }
  });
});
