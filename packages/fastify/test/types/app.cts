// A CommonJS user's project: `require` gives the plugin itself, with the named exports on it.
import Fastify = require('fastify');
import ssePlugin = require('@sse-channel/fastify');

const app = Fastify.fastify();
void app.register(ssePlugin);
void app.register(ssePlugin.default);
const lobby: ssePlugin.SseChannel = new ssePlugin.SseChannel();
app.get('/events', (_request, reply) => reply.sse(lobby));
const rooms: ssePlugin.SseRouteHandler<{ Params: { room: string } }> = ssePlugin.sse((request) => (request.params.room === 'lobby' ? lobby : undefined));
app.get('/rooms/:room', rooms);

// @ts-expect-error reply.sse takes a channel
app.get('/wrong', (_request, reply) => reply.sse('lobby'));
