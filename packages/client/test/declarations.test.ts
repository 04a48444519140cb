import { expect, it } from 'vitest';
import { typecheckProject } from '@sse-channel/testkit';

// Node's types are the client's own: its sources and tests type-check with them and without the DOM.
it('type-checks a page against the built declarations, with the DOM types and no Node types', { timeout: 60_000 }, () => {
  expect(() => typecheckProject(new URL('./users/browser/tsconfig.json', import.meta.url))).not.toThrow();
});
