import { expect, it } from 'vitest';
import { typecheckProject } from '@sse-channel/testkit';

it("type-checks reply.sse and sse() in ESM and CommonJS user projects against the built declarations", { timeout: 60_000 }, () => {
  expect(() => typecheckProject(new URL('./types/tsconfig.json', import.meta.url))).not.toThrow();
});
