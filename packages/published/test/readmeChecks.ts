import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { expect } from 'vitest';
import { EventStream, waitFor, type launchChromium } from '@sse-channel/testkit';
import { BlockProcess } from '../src/BlockProcess.js';
import type { CodeBlock } from '../src/codeBlocks.js';
import { WORKSPACE } from '../src/workspace.js';

type Browser = Awaited<ReturnType<typeof launchChromium>>;

/** What a check gets: the block, its neighbours, the user's project and a way to run code there. */
export interface BlockContext {
  block: CodeBlock;
  previous: CodeBlock | undefined;
  next: CodeBlock | undefined;
  /** The user's project, with every tarball installed. */
  consumer: string;
  /** Starts `code` with node in the user's project; stopped after the check. */
  start(code: string, args?: string[]): BlockProcess;
  /** A free port on 127.0.0.1. */
  port(): Promise<number>;
  browser(): Promise<Browser>;
}

export type Check = (context: BlockContext) => Promise<void>;

/** The packages a block imports by name (not `node:` modules). */
function imports(code: string): string[] {
  const names = [...code.matchAll(/(?:from|import)\s+'([^']+)'/g)].map((match) => match[1] ?? '');
  return names.filter((name) => !name.startsWith('node:') && !name.startsWith('.')).map((name) => name.split('/').slice(0, name.startsWith('@') ? 2 : 1).join('/'));
}

/**
 * An `npm install` line: it names packages a user can install (ours, as packed, or the ones our
 * user's project installs, at the versions we test), and the block after it imports nothing else.
 */
export const installLine: Check = async ({ block, next, consumer }) => {
  const installed = Object.keys((JSON.parse(readFileSync(`${consumer}/package.json`, 'utf8')) as { dependencies: object }).dependencies);
  const lines = block.code.trim().split('\n');
  const named = lines.flatMap((line) => {
    expect(line).toMatch(/^npm install( [@\w./-]+)+$/);
    return line.split(' ').slice(2);
  });
  for (const name of named) expect(installed, `${name} is installed in the tested project`).toContain(name);
  expect(next, 'a code block follows the install line').toBeDefined();
  for (const name of imports(next?.code ?? '')) expect(named, `${next?.key} imports ${name}`).toContain(name);
};

/** A block whose output is the `text` block after it: it runs to its end and prints exactly that. */
export const printsTheNextBlock: Check = async ({ block, next, start }) => {
  const program = start(block.code);
  expect(await program.exited()).toBe(0);
  expect(program.output.trimEnd()).toBe(next?.code.trimEnd());
};

/** The output shown after a program, checked with it. */
export const outputOfTheBlockBefore: Check = async ({ previous }) => {
  expect(previous?.lang).toBe('js');
};

/**
 * The example every adapter's README shows: a server on port 3000 with a page at `/` and a channel
 * at `/events` that sends a `tick` every second with `autoId`. Started on a free port instead of
 * 3000 (the only change to the block), it must do what the text says: the stream gives ticks 1, 2, 3…,
 * a client with `Last-Event-ID: 2` first gets the ticks after 2 from history, and the page shows the
 * ticks in Chromium.
 */
export const tickingServer: Check = async ({ block, start, port, browser }) => {
  expect(block.code).toContain('3000');
  const free = await port();
  const server = start(block.code.replaceAll('3000', String(free)));
  await server.printed(`open http://localhost:${free}`);
  const url = `http://127.0.0.1:${free}`;
  const stream = new EventStream(`${url}/events`, { types: ['tick'] });
  try {
    const ticks = await stream.received(3, 20_000);
    const first = Number(ticks[0]?.lastEventId);
    expect(ticks.map((tick) => tick.type)).toEqual(['tick', 'tick', 'tick']);
    expect(ticks.map((tick) => Number(tick.lastEventId))).toEqual([first, first + 1, first + 2]);
    for (const tick of ticks) expect(new Date(tick.data).toISOString()).toBe(tick.data);
  } finally {
    stream.close();
  }
  const resumed = new EventStream(`${url}/events`, { types: ['tick'], headers: { 'Last-Event-ID': '2' } });
  try {
    const [replayed] = await resumed.received(1, 5000);
    expect(replayed?.lastEventId).toBe('3');
  } finally {
    resumed.close();
  }
  const page = await (await browser()).newPage();
  try {
    await page.goto(url);
    await page.waitForFunction(() => /^\d+ \d{4}-.*\n\d+ \d{4}-/m.test(document.body.innerText), undefined, { timeout: 10_000 });
  } finally {
    await page.close();
  }
};

/**
 * The Redis README's example, started twice as it says (ports given as arguments): a client of the
 * first process gets the ticks of both, with ids from one increasing sequence.
 */
export const redisPair: Check = async ({ block, start, port }) => {
  const [first, second] = [await port(), await port()];
  const servers = [start(block.code, [String(first)]), start(block.code, [String(second)])];
  await Promise.all(servers.map((server, index) => server.printed(`curl -N http://localhost:${[first, second][index]}/events`)));
  const stream = new EventStream(`http://127.0.0.1:${first}/events`, { types: ['tick'] });
  try {
    await stream.received(1, 10_000);
    const seen = () => new Set(stream.events.map((event) => event.data));
    await waitFor(() => seen().has(`from ${first}`) && seen().has(`from ${second}`), 10_000, 'ticks from both processes');
    const ids = stream.events.map((event) => Number(event.lastEventId));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
  } finally {
    stream.close();
  }
};

/** A block that runs to its end by itself (with what it needs on this machine, such as Redis) and exits with 0. */
export const runsToItsEnd: Check = async ({ block, start }) => {
  const program = start(block.code);
  expect(await program.exited(), program.output).toBe(0);
};

/**
 * SQL that says it is what the PostgreSQL backplane creates: run in a schema of its own, it makes the
 * same tables, columns, types, nullability and indexes as the backplane makes in another.
 */
export const postgresTables: Check = async ({ block, start }) => {
  const program = start(`
import pg from 'pg';
import { SseChannel } from '@sse-channel/core';
import { postgresBackplane } from '@sse-channel/postgres';
const suffix = process.pid;
const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
await client.connect();
const shape = async (schema) => JSON.stringify((await client.query(
  \`SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = $1
   UNION ALL SELECT tablename, indexname, indexdef, '' FROM pg_indexes WHERE schemaname = $1 ORDER BY 1, 2\`, [schema],
)).rows.map((row) => ({ ...row, data_type: row.data_type.replaceAll(schema, 'S') })));
try {
  await client.query(\`CREATE SCHEMA readme_\${suffix}; SET search_path TO readme_\${suffix}\`);
  await client.query(${JSON.stringify(block.code)});
  const backplane = postgresBackplane({ url: process.env.DATABASE_URL, channel: 'readme', schema: \`made_\${suffix}\` });
  const channel = new SseChannel({ backplane }); // the backplane connects once a channel uses it
  await backplane.ready();
  await channel.close();
  await backplane.close();
  const [readme, made] = [await shape(\`readme_\${suffix}\`), await shape(\`made_\${suffix}\`)];
  if (readme !== made) throw new Error(\`the README's tables differ from the backplane's:\\n\${readme}\\n\${made}\`);
} finally {
  await client.query(\`DROP SCHEMA IF EXISTS readme_\${suffix} CASCADE; DROP SCHEMA IF EXISTS made_\${suffix} CASCADE\`);
  await client.end();
}
`);
  expect(await program.exited(), program.output).toBe(0);
};

/**
 * A fragment that shows one call in the middle of an application (it uses names the application
 * defines): it is checked to be valid JavaScript, not run.
 */
export const validSyntax: Check = async ({ block, consumer }) => {
  const file = `${consumer}/readme/${block.key.replace(/[^\w]+/g, '-')}.mjs`;
  writeFileSync(file, block.code);
  await promisify(execFile)(process.execPath, ['--check', file]);
};

/** A TypeScript fragment (it uses names the application defines): checked to be valid TypeScript, not run. */
export const validTypeScriptSyntax: Check = async ({ block }) => {
  const { default: ts } = await import('typescript');
  const { diagnostics } = ts.transpileModule(block.code, { reportDiagnostics: true, compilerOptions: { module: ts.ModuleKind.ESNext } });
  expect(diagnostics?.map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'))).toEqual([]);
};

/** The typed-events block: with its import added, tsc finds exactly the one error it marks `// type error` (declarations are the type matrix's part). */
export const typeErrorWhereMarked: Check = async ({ block, consumer }) => {
  const code = `import SseChannel from '@sse-channel/node';\n${block.code}export {};\n`;
  const file = `${consumer}/readme/${block.key.replace(/[^\w]+/g, '-')}.ts`;
  writeFileSync(file, code);
  const tsc = `${consumer}/node_modules/typescript/bin/tsc`;
  const args = [tsc, '--noEmit', '--skipLibCheck', '--strict', '--module', 'nodenext', '--target', 'es2022', '--types', 'node', file];
  const result = await promisify(execFile)(process.execPath, args, { cwd: consumer }).catch((error: { stdout: string }) => error);
  const line = code.split('\n').findIndex((text) => text.includes('// type error')) + 1;
  const errors = ('stdout' in result ? result.stdout : '').split('\n').filter((text) => text.includes('error TS'));
  expect(errors).toHaveLength(1);
  expect(errors[0]).toContain(`.ts(${line},`);
};

/** Starts a server block on a free port instead of `literal` and waits until it printed its URL line. */
async function startServer({ block, start, port }: BlockContext, literal: string, printed?: (port: number) => string): Promise<string> {
  expect(block.code).toContain(literal);
  const free = await port();
  const server = start(block.code.replaceAll(literal, String(free)));
  if (printed) await server.printed(printed(free));
  return `http://127.0.0.1:${free}`;
}

/** The node:http block of "Using it with node:http": a `price` event every second, JSON, ids 1, 2… */
export const priceServer: Check = async (context) => {
  const url = await startServer(context, '3000', (port) => `curl -N http://localhost:${port}/events`);
  const stream = new EventStream(`${url}/events`, { types: ['price'] });
  try {
    const events = await stream.received(2, 10_000);
    expect(events.map((event) => Number(event.lastEventId))).toEqual([Number(events[0]?.lastEventId), Number(events[0]?.lastEventId) + 1]);
    expect(JSON.parse(events[0]?.data ?? '{}')).toMatchObject({ symbol: 'ACME', price: expect.any(Number) });
  } finally {
    stream.close();
  }
};

/** The Hono block of "Fetch servers": `hello` every second. */
export const helloServer: Check = async (context) => {
  const url = await startServer(context, '3000', (port) => `curl -N http://localhost:${port}/events`);
  const stream = new EventStream(`${url}/events`);
  try {
    const [event] = await stream.received(1, 10_000);
    expect(event?.data).toBe('hello');
  } finally {
    stream.close();
  }
};

/** The Frameworks section's blocks: servers on port 8080 whose `path` answers with an event stream. */
function servesAnEventStream(path: string, headers: Record<string, string> = {}): Check {
  return async (context) => {
    const url = await startServer(context, '8080');
    // These blocks print nothing: the server is ready when it answers (a busy machine can take a while to start one).
    let response: Response | undefined;
    const deadline = Date.now() + 45_000;
    while (!response && Date.now() < deadline) {
      response = await fetch(`${url}${path}`, { headers }).catch(() => new Promise<undefined>((resolve) => setTimeout(resolve, 100)));
    }
    expect(response?.status, `GET ${path}`).toBe(200);
    expect(response?.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const reader = response?.body?.getReader();
    expect(new TextDecoder().decode((await reader?.read())?.value)).toMatch(/^:ok\n\n/);
    await reader?.cancel();
  };
}

/** The README's two set-up commands: CI (`.ci/run`) runs the test one exactly as written. */
export const setUpCommands: Check = async ({ block }) => {
  const [demo, test] = block.code.trim().split('\n').map((line) => line.replace(/\s+#.*$/, ''));
  expect(demo).toMatch(/ pnpm demo$/);
  const ci = readFileSync(`${WORKSPACE}.ci/run`, 'utf8').trim().split('\n');
  expect(ci.at(-1)).toBe(test);
};

/** The check of every code block in the READMEs, by key (see `codeBlocks`). */
export const CHECKS: Record<string, Check> = {
  'packages/core/README.md#sse-channelcore': installLine,
  'packages/core/README.md#sse-channelcore/2': printsTheNextBlock,
  'packages/core/README.md#sse-channelcore/3': outputOfTheBlockBefore,
  'packages/redis/README.md#sse-channelredis': installLine,
  'packages/redis/README.md#sse-channelredis/2': redisPair,
  ...Object.fromEntries(
    ['node', 'express', 'fastify', 'hapi', 'koa', 'fetch'].flatMap((name) => [
      [`packages/${name}/README.md#sse-channel${name}`, installLine],
      [`packages/${name}/README.md#sse-channel${name}/2`, tickingServer],
    ]),
  ),
  'packages/client/README.md#sse-channelclient': installLine,
  'packages/client/README.md#sse-channelclient/2': validTypeScriptSyntax,
  'packages/client/README.md#typed-events': validTypeScriptSyntax,
  'packages/client/README.md#topics': validTypeScriptSyntax,
  'README.md#install': installLine,
  ...Object.fromEntries(
    ['nodehttp', 'express', 'fastify', 'hapi', 'koa', 'hono-fetch-servers'].flatMap((section) => [
      [`README.md#${section}`, installLine],
      [`README.md#${section}/2`, tickingServer],
    ]),
  ),
  'README.md#using-it-with-nodehttp': priceServer,
  'README.md#automatic-ids': runsToItsEnd,
  'README.md#too-far-behind': validSyntax,
  'README.md#first-connection': validSyntax,
  'README.md#per-client-control': validSyntax,
  'README.md#statistics-and-prometheus': validSyntax,
  'README.md#fetch-servers-hono-nextjs-bun-deno': helloServer,
  'README.md#fetch-servers-hono-nextjs-bun-deno/2': validSyntax,
  'README.md#typed-events': typeErrorWhereMarked,
  'README.md#topics': printsTheNextBlock,
  'README.md#topics/2': outputOfTheBlockBefore,
  'README.md#frameworks': servesAnEventStream('/rooms/lobby/events', { 'x-user': 'reader' }),
  'README.md#frameworks/2': servesAnEventStream('/events'),
  'README.md#frameworks/3': servesAnEventStream('/events'),
  'README.md#frameworks/4': servesAnEventStream('/events'),
  'README.md#client': validTypeScriptSyntax,
  'README.md#security': validSyntax,
  'README.md#scale-out-with-redis': runsToItsEnd,
  'README.md#scale-out-with-nats-jetstream': runsToItsEnd,
  'README.md#scale-out-with-postgresql': runsToItsEnd,
  'packages/postgres/README.md#sse-channelpostgres': installLine,
  'packages/postgres/README.md#sse-channelpostgres/2': runsToItsEnd,
  'packages/postgres/README.md#how-it-works': postgresTables,
  'packages/postgres/README.md#your-pool-and-pgbouncer': validSyntax,
  'packages/postgres/README.md#your-pool-and-pgbouncer/2': validSyntax,
  'packages/nats/README.md#sse-channelnats': installLine,
  'packages/nats/README.md#sse-channelnats/2': runsToItsEnd,
  'README.md#run-the-demo-and-the-tests-from-a-clone': setUpCommands,
};
