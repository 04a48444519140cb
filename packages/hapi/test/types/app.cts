// A CommonJS user's project: `require` gives a `{ plugin }` object, with the named exports on it.
import Hapi = require('@hapi/hapi');
import sseChannel = require('@sse-channel/hapi');

const server = Hapi.server();
void server.register(sseChannel);
void server.register(sseChannel.default);
const lobby: sseChannel.SseChannel = new sseChannel.SseChannel();
server.route({ method: 'GET', path: '/events', handler: (_request, h) => h.sse(lobby) });
server.route({ method: 'GET', path: '/all', handler: sseChannel.sse(lobby) });

// @ts-expect-error h.sse takes a channel
server.route({ method: 'GET', path: '/wrong', handler: (_request, h) => h.sse('lobby') });
