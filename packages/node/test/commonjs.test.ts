import { expect, it } from 'vitest';
import { typecheckProject } from '@sse-channel/testkit';

it("type-checks require('@sse-channel/node') as the class in a CommonJS project against the built declarations", { timeout: 60_000 }, () => {
  expect(() => typecheckProject(new URL('./commonjs/tsconfig.json', import.meta.url))).not.toThrow();
});
