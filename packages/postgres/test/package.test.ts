import { expect } from 'vitest';
import { itLoadsTheBuiltPackage } from '@sse-channel/testkit';

// A variable name keeps tsc on the sources.
const name = '@sse-channel/postgres';

itLoadsTheBuiltPackage<typeof import('../src/index.js')>(import.meta.url, name, () => import(name), (postgres) => {
  expect(postgres.postgresBackplane({ channel: 'news' })).toBeInstanceOf(postgres.PostgresBackplane);
  expect(new postgres.PostgresUnavailableError('x')).toBeInstanceOf(Error);
});
