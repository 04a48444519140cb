// The body of every engine's server process (see ServerProcess.ts): node:http and a channel through
// the engine's backplane. Plain JavaScript, so that an engine's script runs with node as it is.
import http from 'node:http';

/**
 * Serves `new Channel({ backplane, topics: true, ... })` on 127.0.0.1:0, reports `{ port }` to the parent once
 * the backplane is live, broadcasts what the parent sends (to a topic when it names one), and exits when the parent goes.
 */
export async function serveForParent(Channel, backplane) {
  const { HISTORY, AUTO_ID, PORT, RETRY } = process.env;
  const retryTimeout = RETRY ? Number(RETRY) : undefined;
  const channel = new Channel({ backplane, pingInterval: false, historySize: HISTORY ? Number(HISTORY) : 500, autoId: AUTO_ID === '1', topics: true, retryTimeout });
  const server = http.createServer((req, res) => channel.addClient(req, res));
  process.on('message', async ({ seq, message, topic }) => {
    try {
      process.send({ seq, id: await (topic === undefined ? channel : channel.topic(topic)).send(message) });
    } catch (error) {
      process.send({ seq, error: error.message });
    }
  });
  process.on('disconnect', () => process.exit(0));
  await backplane.ready();
  server.listen(PORT ? Number(PORT) : 0, '127.0.0.1', () => process.send({ port: server.address().port }));
}
