import { execFileSync } from 'node:child_process';
import { WORKSPACE, type PublicPackage } from './workspace.js';

/**
 * Packs every public package with `pnpm pack` (which turns `workspace:` ranges into versions, as
 * publishing does) into `destination`.
 *
 * @returns the tarball's path for each package name.
 */
export function packTarballs(packages: PublicPackage[], destination: string): Map<string, string> {
  const filters = packages.flatMap(({ manifest }) => ['--filter', manifest.name]);
  execFileSync('pnpm', ['--recursive', ...filters, 'pack', '--pack-destination', destination], { cwd: WORKSPACE, stdio: 'pipe' });
  return new Map(
    packages.map(({ manifest }) => [manifest.name, `${destination}/${manifest.name.slice(1).replace('/', '-')}-${manifest.version}.tgz`]),
  );
}
