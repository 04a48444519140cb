import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventStream, waitFor } from '@sse-channel/testkit';
import { engines } from '../engines.js';

const server = fileURLToPath(new URL('../server.js', import.meta.url));

describe.each(Object.keys(engines))('the cluster through %s', (engine) => {
  const namespace = `sse-test-${randomUUID()}`;
  let child;
  let url;
  const streams = [];

  beforeAll(async () => {
    // Port 0: the workers share one free port. A namespace of its own keeps the test's data apart.
    child = spawn(process.execPath, [server], {
      env: { ...process.env, PORT: '0', WORKERS: '3', ENGINE: engine, NAMESPACE: namespace },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (data) => (output += data));
    await waitFor(() => /http:\/\/\S+\//.test(output), 20000, 'the cluster to listen');
    url = /(http:\/\/\S+)\//.exec(output)[1];
  });

  afterAll(async () => {
    for (const stream of streams) stream.close();
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    await engines[engine].forget(namespace);
  });

  it('serves the page', async () => {
    expect(await fetch(`${url}/`).then((r) => r.text())).toContain('<title>sse-channel cluster</title>');
  });

  it('gives clients on different workers every note sent to any worker, with the same increasing integer ids', async () => {
    for (let i = 0; i < 6; i++) streams.push(new EventStream(`${url}/events`, { types: ['worker', 'note'] }));
    await Promise.all(streams.map((stream) => stream.received(1)));
    const workers = new Set(streams.map((stream) => stream.events[0].data));
    expect(workers.size).toBeGreaterThan(1);
    const replies = [];
    for (let i = 0; i < 6; i++) {
      replies.push(await fetch(`${url}/send`, { method: 'POST', body: `note ${i}` }).then((r) => r.json()));
    }
    for (const stream of streams) {
      const notes = (await stream.received(7)).slice(1);
      expect(notes.map((note) => JSON.parse(note.data).text)).toEqual(replies.map((_, i) => `note ${i}`));
      expect(notes.map((note) => note.lastEventId)).toEqual(replies.map((reply) => reply.id));
    }
    expect(replies.map((reply) => reply.id)).toEqual(['1', '2', '3', '4', '5', '6']);
  });

  it('catches a client up after its worker dies: it reconnects to another and misses nothing', async () => {
    const stream = new EventStream(`${url}/events`, { types: ['worker', 'note'] });
    streams.push(stream);
    const [first] = await stream.received(1);
    await fetch(`${url}/send`, { method: 'POST', body: 'before' });
    await waitFor(() => stream.events.some((event) => event.type === 'note'));
    process.kill(Number(first.data), 'SIGKILL');
    for (const text of ['during 1', 'during 2', 'during 3']) {
      // A send handed to the dying worker fails or hangs (then it is aborted): that worker never took
      // it, so it is sent again, and the cluster hands it to a live worker.
      const send = () => fetch(`${url}/send`, { method: 'POST', body: text, signal: AbortSignal.timeout(3000) });
      while (!(await send().then((r) => r.ok, () => false)));
    }
    await waitFor(() => stream.opens === 2, 10000, 'the reconnection');
    await waitFor(() => stream.events.filter((event) => event.type === 'note').length >= 4, 10000, 'the missed notes');
    const notes = stream.events.filter((event) => event.type === 'note').map((event) => JSON.parse(event.data).text);
    expect(notes).toEqual(['before', 'during 1', 'during 2', 'during 3']);
  }, 30000);
});
