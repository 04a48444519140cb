import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Command, Ready, Reply } from './protocol.js';

type Request = Command extends infer C ? (C extends Command ? Omit<C, 'id'> : never) : never;

/** A server under test running in its own process, answering commands over IPC. */
export class ServerProcess {
  port = 0;
  private nextId = 1;
  private readonly waiting = new Map<number, (reply: Reply) => void>();
  private constructor(private readonly child: ChildProcess) {
    child.on('message', (message: Reply) => {
      this.waiting.get(message.id)?.(message);
      this.waiting.delete(message.id);
    });
  }

  /** Starts `variant` in a child process (with `--expose-gc`, and `--cpu-prof` into `profileDir` when given); `args` go to the server. */
  static async start(variant: string, profileDir?: string, args: string[] = []): Promise<ServerProcess> {
    const script = fileURLToPath(new URL('./server.js', import.meta.url));
    const execArgv = ['--expose-gc'];
    if (profileDir) execArgv.push('--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${variant}-${Date.now()}.cpuprofile`);
    const child = fork(script, [variant, ...args], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const server = new ServerProcess(child);
    server.port = await new Promise<number>((resolve, reject) => {
      child.once('message', (message: Ready) => resolve(message.port));
      child.once('exit', (code) => reject(new Error(`server ${variant} exited with ${code}`)));
    });
    return server;
  }

  /** Sends a command and resolves with the server's reply. */
  request(command: Request): Promise<Reply> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.child.send({ ...command, id });
    });
  }

  /** Asks the process to exit (so that `--cpu-prof` writes its profile) and waits until it has. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.send({ type: 'exit', id: 0 });
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}
