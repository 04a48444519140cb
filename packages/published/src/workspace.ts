import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The root folder of the workspace (this package sits in `packages/published`). */
export const WORKSPACE = fileURLToPath(new URL('../../../', import.meta.url));

/** A package.json, as far as these tests read it. */
export interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  [field: string]: unknown;
}

/** A package of the workspace that is published. */
export interface PublicPackage {
  /** Its folder name under `packages/`, such as `express`. */
  folder: string;
  manifest: Manifest;
}

export function readManifest(path: string): Manifest {
  return JSON.parse(readFileSync(path, 'utf8')) as Manifest;
}

/** The packages under `packages/` that are not private, in folder order. */
export function publicPackages(): PublicPackage[] {
  return readdirSync(`${WORKSPACE}packages`)
    .sort()
    .map((folder) => ({ folder, manifest: readManifest(`${WORKSPACE}packages/${folder}/package.json`) }))
    .filter(({ manifest }) => manifest.private !== true);
}

/**
 * The version of `name` that the workspace's own tests use (a devDependency of some package), so that
 * the user's project installs what was tested.
 *
 * @throws Error when no workspace package depends on it.
 */
export function testedVersion(name: string): string {
  for (const folder of readdirSync(`${WORKSPACE}packages`)) {
    const version = readManifest(`${WORKSPACE}packages/${folder}/package.json`).devDependencies?.[name];
    if (version !== undefined && !version.startsWith('workspace:')) return version;
  }
  const root = readManifest(`${WORKSPACE}package.json`).devDependencies?.[name];
  if (root !== undefined) return root;
  throw new Error(`no workspace package has ${name} as a devDependency`);
}
