// A user's project: it sees only the built package's declarations.
import Hapi from '@hapi/hapi';
import sseChannel, { SseChannel, sse } from '@sse-channel/hapi';

const server = Hapi.server();
await server.register(sseChannel);
const rooms = new Map<string, SseChannel>();

server.route({ method: 'GET', path: '/events', handler: (_request, h) => h.sse(new SseChannel()) });
server.route({ method: 'GET', path: '/rooms/{room}', handler: sse((request) => rooms.get(String(request.params['room']))) });
server.route({ method: '*', path: '/private', handler: sse(new SseChannel(), { authorize: async () => 401 }) });

// @ts-expect-error h.sse takes a channel
server.route({ method: 'GET', path: '/wrong', handler: (_request, h) => h.sse('lobby') });

// A channel with typed events serves like any other.
const prices = new SseChannel<{ price: { symbol: string; price: number } }>();
server.route({ method: 'GET', path: '/prices', handler: (_request, h) => h.sse(prices) });
server.route({ method: 'GET', path: '/prices/all', handler: sse(prices) });
