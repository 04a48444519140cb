import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import { publicPackages, readManifest, WORKSPACE } from '../src/workspace.js';

const tarballs = inject('tarballs');
const root = readManifest(`${WORKSPACE}package.json`);
const license = readFileSync(`${WORKSPACE}LICENSE`, 'utf8');

function entries(tarball: string): string[] {
  return execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean).sort();
}

function fileOf(tarball: string, path: string): string {
  return execFileSync('tar', ['-xzOf', tarball, `package/${path}`], { encoding: 'utf8' });
}

describe.each(publicPackages())('the tarball of @sse-channel/$folder', ({ folder, manifest }) => {
  const tarball = tarballs[manifest.name] ?? '';

  it('holds the builds, their declarations, the README, the CHANGELOG, the LICENSE and nothing else', () => {
    expect(entries(tarball)).toEqual(
      ['CHANGELOG.md', 'LICENSE', 'README.md', 'dist/index.cjs', 'dist/index.d.cts', 'dist/index.d.ts', 'dist/index.js', 'package.json'].map(
        (path) => `package/${path}`,
      ),
    );
    expect(fileOf(tarball, 'LICENSE')).toBe(license);
  });

  it('says what a registry shows: description, keywords, licence, repository, homepage, bugs', () => {
    const packed = JSON.parse(fileOf(tarball, 'package.json')) as typeof manifest;
    expect(packed.description).toEqual(expect.any(String));
    expect(packed.keywords).toEqual(expect.arrayContaining(['sse', 'server-sent-events']));
    expect(packed.license).toBe('MIT');
    const repository = root['repository'] as { url: string };
    expect(packed.repository).toEqual({ type: 'git', url: repository.url, directory: `packages/${folder}` });
    const base = repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
    expect(packed.homepage).toBe(`${base}/tree/main/packages/${folder}#readme`);
    expect(packed.bugs).toEqual({ url: `${base}/issues` });
    expect(packed.publishConfig).toEqual({ access: 'public' });
  });

  it('publishes no @internal member in its declarations', () => {
    for (const declarations of ['dist/index.d.ts', 'dist/index.d.cts']) expect(fileOf(tarball, declarations)).not.toContain('@internal');
  });

  it('depends on our packages by a version range and on shared libraries by a range or as a peer', () => {
    const packed = JSON.parse(fileOf(tarball, 'package.json')) as typeof manifest;
    for (const [name, range] of Object.entries({ ...packed.dependencies, ...packed.peerDependencies })) {
      expect(range, name).not.toMatch(/^workspace:/);
      expect(range, `${name} must be a range, not one exact version`).toMatch(/^[\^~>]|\|\|/);
    }
    for (const name of Object.keys(packed.dependencies ?? {}).filter((dep) => dep.startsWith('@sse-channel/'))) {
      expect(packed.dependencies?.[name]).toBe(`^${readManifest(`${WORKSPACE}packages/${name.slice('@sse-channel/'.length)}/package.json`).version}`);
    }
  });
});
