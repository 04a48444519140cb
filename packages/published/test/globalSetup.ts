import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import type { TestProject } from 'vitest/node';
import { createConsumerProject } from '../src/consumerProject.js';
import { packTarballs } from '../src/packTarballs.js';
import { publicPackages } from '../src/workspace.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The user's project, outside the workspace, with every tarball installed. */
    consumer: string;
    /** The packed tarball of each public package, by name. */
    tarballs: Record<string, string>;
  }
}

/** Packs every public package once, and installs the tarballs into a user's project for every test file. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = await mkdtemp(`${tmpdir()}/sse-channel-consumer-`);
  const tarballs = packTarballs(publicPackages(), `${dir}/tarballs`);
  await createConsumerProject(`${dir}/project`, tarballs);
  project.provide('consumer', `${dir}/project`);
  project.provide('tarballs', Object.fromEntries(tarballs));
  return () => rm(dir, { recursive: true, force: true });
}
