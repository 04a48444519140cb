// A CommonJS user's JavaScript, checked by tsc against the built package's CommonJS declarations.
const SseChannel = require('@sse-channel/node');

const channel = new SseChannel({ pingInterval: 0 });
channel.send({ data: 'hello' });
SseChannel.encodeEvent({ data: 'x' });
// @ts-expect-error the channel has no addClients
channel.addClients();
