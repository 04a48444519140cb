// One server process of the backplane benchmark: node:http, @sse-channel/node, in memory or through
// an engine. The parent drives it over IPC: send events in a burst or at a rate, report socket writes.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import SseChannel from '@sse-channel/node';
import { engines } from './engines.js';

const { ENGINE = 'memory', NAMESPACE = 'sse-bench' } = process.env;
const engine = engines[ENGINE];
if (ENGINE !== 'memory' && !engine) throw new Error(`ENGINE must be memory or one of ${Object.keys(engines).join(', ')}`);
const backplane = engine ? await engine.backplane(NAMESPACE) : undefined;
const channel = new SseChannel({ pingInterval: false, historySize: 1000, ...(backplane && { backplane }) });
const server = createServer((req, res) => channel.addClient(req, res));
// Socket writes to the clients, to show how well events are coalesced (one write per tick at best).
let writes = 0;
server.on('connection', (socket) => {
  const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
  socket.write = ((...args: unknown[]) => {
    writes++;
    return write(...args);
  }) as typeof socket.write;
});
const now = (): number => performance.timeOrigin + performance.now();

/** Sends `count` events, `perTask` per macrotask `gapMs` apart, as an application's request handlers would. */
function send(count: number, perTask: number, gapMs: number): Promise<unknown> {
  return new Promise((resolve) => {
    let sent = 0;
    const pending: Array<Promise<unknown>> = [];
    const step = (): void => {
      for (let i = 0; i < perTask && sent < count; i++, sent++) {
        const result = channel.send({ id: 1, data: now().toFixed(3) });
        if (result) pending.push(result);
      }
      if (sent < count) setTimeout(step, gapMs);
      else resolve(Promise.all(pending));
    };
    step();
  });
}

process.on('message', async (command: { burst?: number; rate?: number; seconds?: number }) => {
  if (command.burst) await send(command.burst, 10, 0);
  if (command.rate && command.seconds) await send(command.rate * command.seconds, 1, 1000 / command.rate);
  process.send?.({ writes });
});
process.on('disconnect', () => process.exit(0));

await backplane?.ready();
server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as AddressInfo).port }));
