// A server process of the multi-process tests: node:http, @sse-channel/node and the PostgreSQL backplane.
// It reports its port over IPC once the backplane is live, and broadcasts what the parent sends it.
import http from 'node:http';
import SseChannel from '@sse-channel/node';
import { postgresBackplane } from '@sse-channel/postgres';

const { DATABASE_URL, NAMESPACE, CHANNEL, HISTORY, AUTO_ID } = process.env;
const backplane = postgresBackplane({ url: DATABASE_URL, schema: NAMESPACE, channel: CHANNEL });
const channel = new SseChannel({ backplane, pingInterval: false, historySize: HISTORY ? Number(HISTORY) : 500, autoId: AUTO_ID === '1' });
const server = http.createServer((req, res) => channel.addClient(req, res));

process.on('message', async ({ seq, message }) => {
  try {
    process.send({ seq, id: await channel.send(message) });
  } catch (error) {
    process.send({ seq, error: error.message });
  }
});
process.on('disconnect', () => process.exit(0));

await backplane.ready();
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
