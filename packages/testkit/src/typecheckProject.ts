import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

/**
 * Type-checks a user's project with tsc, as a package's users would: `tsconfig` is the project's
 * tsconfig.json, whose files import the package by name and so see only its built declarations.
 *
 * @throws Error with tsc's report when the project does not type-check.
 */
export function typecheckProject(tsconfig: URL): void {
  try {
    execFileSync(process.execPath, [tsc, '-p', fileURLToPath(tsconfig)], { encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    const report = (error as { stdout?: string }).stdout;
    throw new Error(`tsc found errors in ${fileURLToPath(tsconfig)}:\n${report ?? String(error)}`);
  }
}
