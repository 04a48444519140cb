import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { waitFor } from '@sse-channel/testkit';

/**
 * A README code block run as a user runs it: saved as a file in the user's project and started with
 * `node`, its output recorded.
 */
export class BlockProcess {
  readonly child: ChildProcess;
  output = '';

  /** Saves `code` as `file` (an `.mjs` in the user's project) and starts it with `args`. */
  constructor(file: string, code: string, args: string[] = []) {
    writeFileSync(file, code);
    // The engines' blocks read DATABASE_URL as a user's environment gives it; here it names the local database.
    const env = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test', ...process.env };
    this.child = spawn(process.execPath, [file, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
    this.child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
  }

  /** Waits until the program printed `text`; fails with what it printed when it exits first or takes too long. */
  async printed(text: string, timeout = 45_000): Promise<void> {
    await waitFor(() => this.output.includes(text) || this.child.exitCode !== null, timeout, `"${text}" in:\n${this.output}`);
    if (!this.output.includes(text)) throw new Error(`the block exited (${this.child.exitCode}) without printing "${text}":\n${this.output}`);
  }

  /** Waits until the program ends by itself and returns its exit code. */
  async exited(): Promise<number | null> {
    if (this.child.exitCode === null) await once(this.child, 'exit');
    return this.child.exitCode;
  }

  /** Ends the program (a server runs until stopped). */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill();
    await once(this.child, 'exit');
  }
}
