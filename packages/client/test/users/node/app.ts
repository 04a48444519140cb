// A Node program, with Node's types and no DOM, against the built declarations.
import { createClient } from '@sse-channel/client';

const client = createClient('http://127.0.0.1:8080/events', { method: 'POST', body: JSON.stringify({ topic: 'prices' }) });
client.on('message', (text) => process.stdout.write(`${text.toUpperCase()}\n`));
process.once('SIGINT', () => client.close());
