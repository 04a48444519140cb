// A client of its own process for the crowd scenario: told a port over IPC, it connects and replies
// how many ms its response head and first comment took. The load process, busy reading the crowd's
// sockets, would add its own delay.
import { Connection } from './Connection.js';
import { nowMicros } from './protocol.js';

const host = { roundEnd: -1, reached: () => undefined, recordLatency: null };
process.on('message', (port: number) => {
  const start = nowMicros();
  const connection = new Connection(port, host, () => {
    process.send?.((nowMicros() - start) / 1000);
    connection.socket.destroy();
  });
});
process.send?.('ready');
