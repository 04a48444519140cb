import { mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { ensureChromium, launchChromium } from '@sse-channel/testkit';
import { BlockProcess } from '../src/BlockProcess.js';
import { codeBlocks } from '../src/codeBlocks.js';
import { publicPackages, WORKSPACE } from '../src/workspace.js';
import { CHECKS } from './readmeChecks.js';

type Browser = Awaited<ReturnType<typeof launchChromium>>;

const consumer = inject('consumer');
const READMES = ['README.md', ...publicPackages().map(({ folder }) => `packages/${folder}/README.md`)];

let chromium: Promise<Browser> | undefined;
afterAll(async () => {
  await (await chromium)?.close();
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

describe.each(READMES)('%s', (file) => {
  const blocks = codeBlocks(file, readFileSync(`${WORKSPACE}${file}`, 'utf8'));

  // The blocks of a README run side by side: each server gets its own port.
  describe.concurrent.each(blocks.map((block, index) => ({ block, index })))('$block.key (line $block.line)', ({ block, index }) => {
    it('does what the text says, run against the packed packages', { timeout: 120_000 }, async () => {
      const check = CHECKS[block.key];
      expect(check, `no check for ${block.key}: add one to test/readmeChecks.ts`).toBeDefined();
      const dir = `${consumer}/readme`;
      mkdirSync(dir, { recursive: true });
      const started: BlockProcess[] = [];
      try {
        await check?.({
          block,
          previous: blocks[index - 1],
          next: blocks[index + 1],
          consumer,
          start: (code, args) => {
            const program = new BlockProcess(`${dir}/${block.key.replace(/[^\w]+/g, '-')}-${started.length}.mjs`, code, args);
            started.push(program);
            return program;
          },
          port: freePort,
          browser: () => {
            chromium ??= (ensureChromium(), launchChromium());
            return chromium;
          },
        });
      } finally {
        await Promise.all(started.map((program) => program.stop()));
      }
    });
  });
});
