import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/bench.ts', 'src/server.ts', 'src/lateClient.ts', 'src/chartsCli.ts', 'src/backplanes/run.ts', 'src/backplanes/server.ts'],
  format: ['esm'],
  clean: true,
  target: 'node20',
});
