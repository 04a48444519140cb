import { format } from 'node:util';

/**
 * Records, instead of printing, what the process writes to stderr until `restore()`: writes to
 * `process.stderr`, `console.error` and `console.warn` (vitest's console does not go through
 * `process.stderr`), and process warnings.
 */
export class ErrorOutput {
  readonly lines: string[] = [];
  private readonly originals = { write: process.stderr.write, error: console.error, warn: console.warn };
  private readonly onWarning = (warning: Error) => this.lines.push(`warning: ${warning.stack ?? warning.message}`);

  constructor() {
    process.stderr.write = ((chunk: string | Uint8Array) => {
      this.lines.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
      return true;
    }) as typeof process.stderr.write;
    console.error = (...args: unknown[]) => this.lines.push(format(...args));
    console.warn = (...args: unknown[]) => this.lines.push(format(...args));
    process.on('warning', this.onWarning);
  }

  restore(): void {
    process.stderr.write = this.originals.write;
    console.error = this.originals.error;
    console.warn = this.originals.warn;
    process.off('warning', this.onWarning);
  }
}
