import { expect, it } from 'vitest';
import { typecheckProject } from '@sse-channel/testkit';

it('type-checks against the built declarations in a page (DOM types, no Node types) and in Node (ESM and CommonJS, no DOM)', { timeout: 60_000 }, () => {
  expect(() => typecheckProject(new URL('./users/browser/tsconfig.json', import.meta.url))).not.toThrow();
  expect(() => typecheckProject(new URL('./users/node/tsconfig.json', import.meta.url))).not.toThrow();
});
