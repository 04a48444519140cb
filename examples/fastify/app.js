import Fastify from 'fastify';
import ssePlugin, { SseChannel } from '@sse-channel/fastify';

const page = `<!doctype html><meta charset="utf-8"><title>sse-channel with fastify</title>
<form method="post" action="/publish" onsubmit="event.preventDefault(); fetch('/publish', { method: 'POST', body: this.text.value })">
<input name="text" placeholder="say something"> <button>publish</button></form><ol id="events"></ol>
<script>new EventSource('/events').onmessage = (e) => document.getElementById('events').append(Object.assign(document.createElement('li'), { textContent: e.data }));</script>`;

/** The example app: a page at `/`, the event stream at `/events`, and `POST /publish` to send an event. */
export async function createApp(options = {}) {
  const channel = new SseChannel({ historySize: 100, retryTimeout: 2000, jsonEncode: true });
  let lastId = 0;
  const app = Fastify(options);
  await app.register(ssePlugin);
  // Event streams never end on their own: end them first, so closing the app does not wait for them.
  app.addHook('preClose', async () => channel.close());
  app.get('/', (request, reply) => reply.type('text/html').send(page));
  app.get('/events', (request, reply) => reply.sse(channel));
  app.post('/publish', async (request) => {
    channel.send({ id: ++lastId, data: { text: String(request.body ?? ''), at: new Date().toISOString() } });
    return { id: lastId };
  });
  return app;
}
