import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { jetstreamManager } from '@nats-io/jetstream';
import { OwnServer } from '@sse-channel/testkit/backplane';

/** The shared NATS server of the machine, with JetStream (never restarted by a test). */
export const NATS_URL = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

/** A prefix no other test uses. */
export function uniquePrefix(): string {
  return `sse-test-${randomUUID()}`;
}

/** Deletes every stream of `prefix` on a server (the shared one persists them). */
export async function deleteStreams(prefix: string, url = NATS_URL): Promise<void> {
  if (prefix === '') return;
  await withConnection(url, async (connection) => {
    const manager = await jetstreamManager(connection);
    for await (const name of manager.streams.names()) if (name.startsWith(`${prefix}_`)) await manager.streams.delete(name);
  });
}

/** Runs `body` with a connection of its own to `url`, closed afterwards. */
export async function withConnection<T>(url: string, body: (connection: NatsConnection) => Promise<T>): Promise<T> {
  const connection = await connect({ servers: url });
  try {
    return await body(connection);
  } finally {
    await connection.close();
  }
}

/**
 * A NATS server with JetStream of a test's own, on a free port, that the test may kill and start
 * again: with the same store directory (`restart()`, the streams survive) or a new one
 * (`restartEmpty()`, as a server that lost its data).
 */
export class OwnNats {
  private constructor(
    private readonly server: OwnServer,
    private readonly store: { dir: string },
  ) {}

  static async start(): Promise<OwnNats> {
    const store = { dir: await mkdtemp(join(tmpdir(), 'sse-nats-')) };
    const server = await OwnServer.start({
      command: 'nats-server',
      args: (port) => ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', store.dir],
      ready: 'Server is ready',
      url: (port) => `nats://127.0.0.1:${port}`,
    });
    return new OwnNats(server, store);
  }

  get url(): string {
    return this.server.url;
  }

  kill(): Promise<void> {
    return this.server.kill();
  }

  restart(): Promise<void> {
    return this.server.restart();
  }

  /** Starts it again with an empty store: every stream is gone. */
  async restartEmpty(): Promise<void> {
    await rm(this.store.dir, { recursive: true, force: true });
    this.store.dir = await mkdtemp(join(tmpdir(), 'sse-nats-'));
    await this.server.restart();
  }

  /** Kills it and removes its store. */
  async stop(): Promise<void> {
    await this.server.kill();
    await rm(this.store.dir, { recursive: true, force: true });
  }
}
