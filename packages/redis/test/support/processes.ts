import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SseMessage } from '@sse-channel/core';

const SERVER = fileURLToPath(new URL('./server.js', import.meta.url));

/** One server process: node:http with `@sse-channel/node` and the Redis backplane (see server.js). */
export class ServerProcess {
  private sequence = 0;
  private readonly replies = new Map<number, (reply: { id?: string; error?: string }) => void>();

  private constructor(
    private readonly child: ChildProcess,
    /** Base URL of its HTTP server. */
    readonly url: string,
  ) {
    child.on('message', (reply: { seq: number; id?: string; error?: string }) => {
      this.replies.get(reply.seq)?.(reply);
      this.replies.delete(reply.seq);
    });
  }

  /** Starts a process serving `channel` under `prefix`; resolves once its backplane is live. */
  static async start(env: { REDIS_URL: string; PREFIX: string; CHANNEL: string; HISTORY?: string; AUTO_ID?: '1' }): Promise<ServerProcess> {
    const child = fork(SERVER, { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const port = await new Promise<number>((resolve, reject) => {
      child.once('message', (message: { port: number }) => resolve(message.port));
      child.once('exit', (code) => reject(new Error(`server process exited with ${code}`)));
    });
    return new ServerProcess(child, `http://127.0.0.1:${port}`);
  }

  /** Has the process broadcast `message`; resolves with the id Redis assigned. */
  send(message: SseMessage): Promise<string | undefined> {
    const seq = ++this.sequence;
    return new Promise((resolve, reject) => {
      this.replies.set(seq, (reply) => (reply.error ? reject(new Error(reply.error)) : resolve(reply.id)));
      this.child.send({ seq, message });
    });
  }

  /** Kills the process at once (SIGKILL): its clients' connections drop. */
  async kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGKILL');
    await exited;
  }
}
