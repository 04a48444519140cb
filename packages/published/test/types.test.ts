import { execFile } from 'node:child_process';
import { cp, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
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

interface Cell {
  typescript: string;
  typesNode: string;
  resolution: keyof typeof RESOLUTIONS;
}

const CELLS: Cell[] = Object.keys(TYPESCRIPT).flatMap((typescript) =>
  Object.keys(TYPES_NODE).flatMap((typesNode) =>
    (Object.keys(RESOLUTIONS) as Cell['resolution'][]).map((resolution) => ({ typescript, typesNode, resolution })),
  ),
);

const name = ({ typescript, typesNode, resolution }: Cell) => `typescript ${typescript}, @types/node ${typesNode}, ${resolution}`;

/**
 * The errors tsc reports in our declarations or in the user's files. Errors inside other libraries'
 * declarations are theirs, and a user with skipLibCheck false meets them without us (today:
 * @types/koa against content-disposition's own types, @hapi/hapi's types importing joi).
 */
function ours(report: string): string[] {
  const errors = report.split(/\n(?=\S)/).filter((error) => error.includes('error TS'));
  return errors.filter((error) => !error.startsWith('node_modules/') || error.startsWith('node_modules/@sse-channel/'));
}

async function typecheck(cell: Cell): Promise<string[]> {
  const tsconfig = `${consumer}/typecheck/tsconfig.${cell.typescript}.${cell.typesNode}.${cell.resolution}.json`;
  const { compilerOptions, include } = RESOLUTIONS[cell.resolution];
  const options = {
    ...compilerOptions,
    target: 'es2022',
    lib: ['es2022'],
    strict: true,
    noEmit: true,
    skipLibCheck: false,
    esModuleInterop: true,
    types: ['node'],
    typeRoots: [`../types/node-${cell.typesNode}/node_modules/@types`],
  };
  await writeFile(tsconfig, JSON.stringify({ compilerOptions: options, include }));
  const tsc = `${consumer}/node_modules/${TYPESCRIPT[cell.typescript]}/bin/tsc`;
  const result = await run(process.execPath, [tsc, '-p', tsconfig], { cwd: consumer }).catch((error: { stdout: string }) => error);
  return ours('stdout' in result ? result.stdout : '');
}

// tsc is slow with skipLibCheck false: the cells run side by side, as many at a time as there are
// cores, before the tests read their results (so that no test's time limit counts a wait for a core).
const results = new Map<string, string[]>();
beforeAll(async () => {
  await cp(new URL('../fixtures/types/', import.meta.url), `${consumer}/typecheck`, { recursive: true });
  const queue = [...CELLS];
  const worker = async () => {
    for (let cell = queue.shift(); cell; cell = queue.shift()) results.set(name(cell), await typecheck(cell));
  };
  await Promise.all(Array.from({ length: availableParallelism() }, worker));
}, 600_000);

describe.each(CELLS.map((cell) => ({ ...cell, cell: name(cell) })))('$cell', (cell) => {
  it("type-checks a user's project importing every package (skipLibCheck false)", () => {
    expect(results.get(cell.cell)).toEqual([]);
  });
});
