import Hapi from '@hapi/hapi';
import sseChannel, { SseChannel } from '@sse-channel/hapi';

const page = `<!doctype html><meta charset="utf-8"><title>sse-channel with hapi</title>
<form method="post" action="/publish" onsubmit="event.preventDefault(); fetch('/publish', { method: 'POST', body: this.text.value })">
<input name="text" placeholder="say something"> <button>publish</button></form><ol id="events"></ol>
<script>new EventSource('/events').onmessage = (e) => document.getElementById('events').append(Object.assign(document.createElement('li'), { textContent: e.data }));</script>`;

/** The example server: a page at `/`, the event stream at `/events`, and `POST /publish` to send an event. */
export async function createServer(options = {}) {
  const channel = new SseChannel({ historySize: 100, retryTimeout: 2000, jsonEncode: true });
  let lastId = 0;
  const server = Hapi.server(options);
  await server.register(sseChannel);
  // Event streams never end on their own: end them first, so stopping does not wait for them.
  server.ext('onPreStop', () => channel.close());
  server.route([
    { method: 'GET', path: '/', handler: (request, h) => h.response(page).type('text/html') },
    { method: 'GET', path: '/events', handler: (request, h) => h.sse(channel) },
    {
      method: 'POST',
      path: '/publish',
      handler: (request) => {
        channel.send({ id: ++lastId, data: { text: String(request.payload ?? ''), at: new Date().toISOString() } });
        return { id: lastId };
      },
    },
  ]);
  return server;
}
