import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const serverScript = fileURLToPath(new URL('../server.js', import.meta.url));

/** Starts `server.js` as its own process with `env` added; resolves once it has printed its URL. */
export async function startDemoProcess(env) {
  const child = spawn(process.execPath, [serverScript], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise((resolve, reject) => {
    let printed = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      printed += chunk;
      const match = /open (http:\/\/\S+?)\/ /.exec(printed);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`the demo exited (code ${code}) before printing its URL`)));
  });
  return { child, url, port: new URL(url).port };
}

/** Kills the demo process the hard way, as a crash would, and waits for it to be gone. */
export async function killDemoProcess(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}
