// One server process of the benchmark: node:http, @sse-channel/node, in memory or through Redis.
// The parent drives it over IPC: send events in a burst or at a rate, and report CPU time used
// and socket writes made.
import http from 'node:http';
import SseChannel from '@sse-channel/node';
import { redisBackplane } from '@sse-channel/redis';

const { MODE, REDIS_URL, PREFIX } = process.env;
const backplane = MODE === 'redis' ? redisBackplane({ url: REDIS_URL, prefix: PREFIX, channel: 'bench' }) : undefined;
const channel = new SseChannel({ pingInterval: false, historySize: 1000, ...(backplane && { backplane }) });
const server = http.createServer((req, res) => channel.addClient(req, res));
// Socket writes to the clients, to show how well events are coalesced (one write per tick at best).
let writes = 0;
server.on('connection', (socket) => {
  const write = socket.write;
  socket.write = (...args) => {
    writes++;
    return write.apply(socket, args);
  };
});
const now = () => performance.timeOrigin + performance.now();

// Events go out 10 per macrotask, as they would from an application's request handlers.
function send(count, perTask, gapMs) {
  return new Promise((resolve) => {
    let sent = 0;
    const pending = [];
    const step = () => {
      for (let i = 0; i < perTask && sent < count; i++, sent++) {
        const result = channel.send({ id: 1, data: now().toFixed(3) });
        if (result) pending.push(result);
      }
      if (sent < count) setTimeout(step, gapMs);
      else Promise.all(pending).then(resolve);
    };
    step();
  });
}

process.on('message', async (command) => {
  if (command.burst) await send(command.burst, 10, 0);
  if (command.rate) await send(command.rate * command.seconds, 1, 1000 / command.rate);
  const cpu = process.cpuUsage();
  process.send({ done: true, cpu: cpu.user + cpu.system, writes });
});
process.on('disconnect', () => process.exit(0));

await backplane?.ready();
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
