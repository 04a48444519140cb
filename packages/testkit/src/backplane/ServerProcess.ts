import { fork, type ChildProcess } from 'node:child_process';

/** What a server process of the multi-process scenarios reads from its environment. */
export interface ServerProcessEnv {
  /** Where the engine keeps this test's data (a key prefix, a schema, a stream name prefix). */
  NAMESPACE: string;
  /** The channel's name. */
  CHANNEL: string;
  /** The channel's `historySize`, when not the default. */
  HISTORY?: string;
  /** '1' for `autoId`. */
  AUTO_ID?: '1';
  /** The port to listen on (a restarted server takes its predecessor's), when not a free one. */
  PORT?: string;
  /** The channel's `retryTimeout` (ms), when set. */
  RETRY?: string;
  /** Whatever else the engine needs (its URL). */
  [name: string]: string | undefined;
}

/**
 * One server process: a script of the engine's package that serves a channel through the engine on
 * node:http, clients choosing topics with `?topic=`. It reports `{ port }` over IPC once its backplane
 * is live, answers `{ seq, message, topic? }` with `{ seq, id }` or `{ seq, error }` after
 * broadcasting the message (to the topic when given), and exits when the IPC
 * channel closes.
 */
export class ServerProcess {
  private sequence = 0;
  private readonly replies = new Map<number, (reply: { id?: string; error?: string }) => void>();

  private constructor(
    private readonly child: ChildProcess,
    /** Base URL of its HTTP server; the channel is at `/events`. */
    readonly url: string,
  ) {
    child.on('message', (reply: { seq: number; id?: string; error?: string }) => {
      this.replies.get(reply.seq)?.(reply);
      this.replies.delete(reply.seq);
    });
  }

  /** Starts `script` with `env`; resolves once it serves. */
  static async start(script: string, env: ServerProcessEnv): Promise<ServerProcess> {
    const child = fork(script, { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const port = await new Promise<number>((resolve, reject) => {
      child.once('message', (message: { port: number }) => resolve(message.port));
      child.once('exit', (code) => reject(new Error(`server process exited with ${code}`)));
    });
    return new ServerProcess(child, `http://127.0.0.1:${port}`);
  }

  /** Has the process broadcast `message`, to `topic` when given; resolves with the id the engine assigned. */
  send(message: string | { id?: string | number; event?: string; data?: unknown }, topic?: string): Promise<string | undefined> {
    const seq = ++this.sequence;
    return new Promise((resolve, reject) => {
      this.replies.set(seq, (reply) => (reply.error ? reject(new Error(reply.error)) : resolve(reply.id)));
      this.child.send({ seq, message, topic });
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
