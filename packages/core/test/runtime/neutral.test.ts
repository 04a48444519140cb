import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { createContext, runInContext } from 'node:vm';
import { expect, it } from 'vitest';

const source = fileURLToPath(new URL('../../src/', import.meta.url));

/** What every runtime core targets has besides the language: the web platform's few globals it uses. */
const platform = { TextEncoder, URLSearchParams, queueMicrotask, setInterval, clearInterval, console };

/** Runs inside the context: a channel with history, a replay after a Last-Event-ID, and a congested client cut over its bound. */
const SCENARIO = `(async () => {
  const { SseChannel } = core;
  const decoder = new TextDecoder();
  const sink = (congested) => ({ text: '', ended: false, write(chunk) { this.text += decoder.decode(chunk); return !congested; }, end() { this.ended = true; } });
  const request = (headers) => ({ method: 'GET', url: '/events', headers, httpVersionMajor: 1 });
  const channel = new SseChannel({ historySize: 2, retryTimeout: 1000, maxQueuedBytes: 40 });
  const left = [];
  channel.on('slow-client', () => left.push('slow-client'));
  channel.on('disconnect', () => left.push('disconnect'));
  const live = sink(false);
  channel.accept(request({}), null, 'live').open(live);
  const slow = sink(true);
  channel.accept(request({}), null, 'slow').open(slow);
  for (const id of [1, 2, 3]) channel.send({ id, event: 'n', data: 'event ' + id });
  await new Promise((resolve) => setTimeout(resolve, 0));
  const late = sink(false);
  channel.accept(request({ 'last-event-id': '2' }), null, 'late').open(late);
  const result = { live: live.text, late: late.text, slow: slow.text, slowEnded: slow.ended, left: [...left], clients: channel.getConnectionCount() };
  await channel.close();
  return JSON.stringify(result);
})()`;

it('runs a channel where there is no process, Buffer or require: history, replay, backpressure', async () => {
  const bundled = await build({
    entryPoints: [`${source}index.ts`],
    bundle: true,
    platform: 'neutral',
    format: 'iife',
    globalName: 'core',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const context = createContext({ ...platform, TextDecoder, setTimeout });
  expect(runInContext('[typeof process, typeof Buffer, typeof require, typeof global]', context)).toEqual(['undefined', 'undefined', 'undefined', 'undefined']);
  runInContext(bundled.outputFiles[0]?.text ?? '', context);
  const result = JSON.parse((await runInContext(SCENARIO, context)) as string) as Record<string, unknown>;
  const events = [1, 2, 3].map((id) => `event: n\nid: ${id}\ndata: event ${id}\n\n`);
  expect(result).toEqual({
    live: `:ok\n\nretry: 1000\n${events.join('')}`,
    late: `:ok\n\nretry: 1000\n${events[2]}`,
    slow: ':ok\n\nretry: 1000\n',
    slowEnded: true,
    left: ['slow-client', 'disconnect'],
    clients: 2,
  });
});

it('imports no node: module and names no process or Buffer in its sources', async () => {
  const files = (await readdir(source)).filter((name) => name.endsWith('.ts'));
  const offending: string[] = [];
  for (const file of files) {
    const text = await readFile(`${source}${file}`, 'utf8');
    if (/from ['"]node:|\bprocess\b|\bBuffer\b|\brequire\(/.test(text.replace(/^\s*(\/\/|\*|\/\*).*$/gm, ''))) offending.push(file);
  }
  expect(offending).toEqual([]);
});
