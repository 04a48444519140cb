import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { testedVersion } from './workspace.js';

const run = promisify(execFile);

/** The servers, clients and type packages a user installs beside ours, at the versions our tests use. */
const THEIRS = ['express', '@types/express', 'fastify', '@hapi/hapi', 'koa', '@types/koa', '@koa/router', 'hono', '@hono/node-server', 'ioredis', '@nats-io/transport-node', '@nats-io/jetstream', 'pg', '@types/pg'];

/** The `@types/node` majors the declarations are checked against, by label: what a user may have. */
export const TYPES_NODE: Record<string, string> = { '20': '^20', '22': '^22', '24': '^24', latest: 'latest' };

/** The TypeScript versions the declarations are checked with: the 5.x our packages build with, and npm's latest. */
export const TYPESCRIPT: Record<string, string> = { '5': 'typescript', latest: 'typescript-latest' };

async function npmInstall(dir: string, dependencies: Record<string, string>): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(`${dir}/package.json`, `${JSON.stringify({ private: true, type: 'module', dependencies }, null, 2)}\n`);
  await run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], { cwd: dir });
}

/**
 * Makes a user's project in `dir`, outside the workspace: it installs our tarballs with npm, as a
 * user installs the published packages, beside the frameworks and both TypeScript versions; and
 * each `@types/node` of {@link TYPES_NODE} in `dir/types/node-<label>`, for a tsconfig's `typeRoots`.
 */
export async function createConsumerProject(dir: string, tarballs: Map<string, string>): Promise<void> {
  const dependencies: Record<string, string> = {};
  for (const [name, tarball] of tarballs) dependencies[name] = `file:${tarball}`;
  for (const name of THEIRS) dependencies[name] = testedVersion(name);
  dependencies['typescript'] = testedVersion('typescript');
  dependencies['typescript-latest'] = 'npm:typescript@latest';
  await Promise.all([
    npmInstall(dir, dependencies),
    ...Object.entries(TYPES_NODE).map(([label, range]) => npmInstall(`${dir}/types/node-${label}`, { '@types/node': range })),
  ]);
}
