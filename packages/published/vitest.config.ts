import { defineConfig } from 'vitest/config';

// The set-up packs every package and installs the tarballs with npm into a project outside the workspace.
export default defineConfig({
  test: { globalSetup: ['./test/globalSetup.ts'], testTimeout: 60_000, hookTimeout: 60_000 },
});
