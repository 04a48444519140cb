// A CommonJS user's project: it sees only the built package's CommonJS declarations.
import http = require('node:http');
import SseChannel = require('@sse-channel/node');

const channel = new SseChannel({ retryTimeout: 2000 });
http.createServer((req, res) => channel.addClient(req, res));
channel.send({ id: 1, event: 'hello', data: 'world' });
channel.on('connect', (chan, req, res) => chan.addClient(req, res));

// The named exports are properties of the class, as at runtime, and its types are reachable through it.
const options: SseChannel.SseChannelOptions = { historySize: 10 };
const prices: SseChannel<{ price: number }> = new SseChannel.SseChannel<{ price: number }>(options);
prices.send({ event: 'price', data: 1 });
const message: SseChannel.SseMessage = { data: SseChannel.RESET_EVENT };
SseChannel.encodeEvent(message);
new SseChannel.default();

// @ts-expect-error historySize is a number
new SseChannel({ historySize: '10' });
// @ts-expect-error price data is a number
prices.send({ event: 'price', data: 'one' });
