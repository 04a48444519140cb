import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { WORKSPACE } from '../src/workspace.js';

const typedoc = createRequire(`${WORKSPACE}package.json`).resolve('typedoc/package.json').replace(/package\.json$/, 'bin/typedoc');

it('documents every public symbol of every package in the API reference (TypeDoc, typedoc.json)', { timeout: 300_000 }, async () => {
  const result = await promisify(execFile)(process.execPath, [typedoc, '--emit', 'none'], { cwd: WORKSPACE, env: { ...process.env, NO_COLOR: '1' } }).catch(
    (error: { stdout: string; stderr: string }) => error,
  );
  const report = `${result.stdout}\n${result.stderr}`.replace(/\x1b\[[0-9;]*m/g, '');
  expect(report).not.toContain('[error]');
  const warnings = report
    .split('\n')
    .filter((line) => line.startsWith('[warning] ') && !line.startsWith('[warning] Found '))
    .map((line) => line.slice('[warning] '.length));
  // Each warning names a public symbol, member or referenced type without a comment.
  expect(warnings).toEqual([]);
});
