// A user's project: it sees only the built package's declarations.
import Fastify from 'fastify';
import ssePlugin, { SseChannel, sse } from '@sse-channel/fastify';

const app = Fastify();
await app.register(ssePlugin);
const rooms = new Map<string, SseChannel>();

app.get('/events', (_request, reply) => reply.sse(new SseChannel()));
app.get<{ Params: { room: string } }>('/rooms/:room', sse((request) => rooms.get(request.params.room)));
app.get('/private', sse(new SseChannel(), { authorize: async (request) => request.headers.authorization !== undefined || 401 }));

// @ts-expect-error reply.sse takes a channel
app.get('/wrong', (_request, reply) => reply.sse('lobby'));
// @ts-expect-error authorize answers with a boolean or a status
sse(new SseChannel(), { authorize: () => 'yes' });

// A channel with typed events serves like any other.
const prices = new SseChannel<{ price: { symbol: string; price: number } }>();
app.get('/prices', (_request, reply) => reply.sse(prices));
app.get('/prices/all', sse(prices));
