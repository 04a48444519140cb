import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { waitFor } from '../waitFor.js';

/** How to run an engine's server on a given port. */
export interface OwnServerSpec {
  /** The program, such as `redis-server`. */
  command: string;
  /** Its arguments for `port`. */
  args(port: number): string[];
  /** What it prints (on stdout or stderr) once it accepts connections. */
  ready: string;
  /** The URL clients use for `port`. */
  url(port: number): string;
}

/**
 * An engine server of a test's own, on a free port, that the test may kill and start again (the
 * machine's shared servers are never restarted by a test). It keeps nothing across a restart unless
 * its arguments say so.
 */
export class OwnServer {
  private process: ChildProcess | undefined;

  private constructor(
    private readonly spec: OwnServerSpec,
    readonly port: number,
  ) {}

  /** Starts a server on a free port. */
  static async start(spec: OwnServerSpec): Promise<OwnServer> {
    const server = new OwnServer(spec, await freePort());
    await server.restart();
    return server;
  }

  get url(): string {
    return this.spec.url(this.port);
  }

  /** Starts the server again on the same port. */
  async restart(): Promise<void> {
    const child = spawn(this.spec.command, this.spec.args(this.port), { stdio: ['ignore', 'pipe', 'pipe'] });
    this.process = child;
    let output = '';
    const collect = (data: Buffer) => (output += data.toString());
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    await waitFor(() => output.includes(this.spec.ready) || child.exitCode !== null, 10000, `${this.spec.command} to start`);
    if (child.exitCode !== null) throw new Error(`${this.spec.command} exited with ${child.exitCode}: ${output}`);
  }

  /** Kills the server for good (an engine whose server stores files removes them too). */
  stop(): Promise<void> {
    return this.kill();
  }

  /** Kills the server at once (SIGKILL), dropping every connection. */
  async kill(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
}

/** A TCP port nothing listens on now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
