import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { EventStream, RawStream } from '@sse-channel/testkit';

const SERVER = fileURLToPath(new URL('./fixtures/draining-server.mjs', import.meta.url));

interface Running {
  child: ChildProcess;
  port: number;
  exited: Promise<number | null>;
}

const running: Running[] = [];

/** Starts the draining server in its own process and waits until it listens. */
async function startServer(env: { PORT?: number; EVENTS?: number }): Promise<Running> {
  const child = spawn(process.execPath, [SERVER], {
    env: { ...process.env, PORT: String(env.PORT ?? 0), EVENTS: String(env.EVENTS ?? 0) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout?.on('data', (data: Buffer) => {
      output += data.toString();
      const match = /listening on (\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    });
    void exited.then((code) => reject(new Error(`server exited with ${code} before listening: ${output}`)));
  });
  const server = { child, port, exited };
  running.push(server);
  return server;
}

describe('graceful shutdown in a real process', () => {
  const clients: Array<{ close(): void }> = [];
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
    for (const { child } of running.splice(0)) child.kill('SIGKILL');
  });

  it('sends the final event, ends every stream and exits 0 on SIGTERM', async () => {
    const server = await startServer({ EVENTS: 2 });
    const streams = [1, 2, 3].map(() => new RawStream(`http://127.0.0.1:${server.port}/events?lastEventId=0`));
    clients.push(...streams);
    for (const stream of streams) await stream.waitFor('data: event 2\n\n');
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    for (const stream of streams) {
      await stream.waitForEnd();
      expect(stream.body).toBe(':ok\n\nretry: 100\nid: 1\ndata: event 1\n\nid: 2\ndata: event 2\n\nevent: shutdown\ndata: restarting\n\n');
    }
  });

  it('lets a client resume from its Last-Event-ID after a restart, losing nothing', async () => {
    const first = await startServer({ EVENTS: 3 });
    const client = new EventStream(`http://127.0.0.1:${first.port}/events?lastEventId=0`, { types: ['shutdown'] });
    clients.push(client);
    await client.received(3);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    await client.received(4);
    // The restarted server has the history from storage, with three events sent while it was down.
    await startServer({ PORT: first.port, EVENTS: 6 });
    const events = await client.received(7, 10_000);
    expect(events.map((event) => `${event.type}:${event.data}`)).toEqual([
      'message:event 1',
      'message:event 2',
      'message:event 3',
      'shutdown:restarting',
      'message:event 4',
      'message:event 5',
      'message:event 6',
    ]);
    expect(client.opens).toBe(2);
  });
});
