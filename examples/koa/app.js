import Router from '@koa/router';
import Koa from 'koa';
import { SseChannel, sse } from '@sse-channel/koa';

const page = `<!doctype html><meta charset="utf-8"><title>sse-channel with koa</title>
<form method="post" action="/publish" onsubmit="event.preventDefault(); fetch('/publish', { method: 'POST', body: this.text.value })">
<input name="text" placeholder="say something"> <button>publish</button></form><ol id="events"></ol>
<script>new EventSource('/events').onmessage = (e) => document.getElementById('events').append(Object.assign(document.createElement('li'), { textContent: e.data }));</script>`;

/** The example app: a page at `/`, the event stream at `/events`, and `POST /publish` to send an event. */
export function createApp() {
  const channel = new SseChannel({ historySize: 100, retryTimeout: 2000, jsonEncode: true });
  let lastId = 0;
  const router = new Router();
  router.get('/', (ctx) => {
    ctx.type = 'html';
    ctx.body = page;
  });
  router.get('/events', sse(channel));
  router.post('/publish', async (ctx) => {
    channel.send({ id: ++lastId, data: { text: await text(ctx.req), at: new Date().toISOString() } });
    ctx.body = { id: lastId };
  });
  const app = new Koa();
  app.use(router.routes()).use(router.allowedMethods());
  return { app, channel };
}

async function text(stream) {
  let body = '';
  for await (const chunk of stream) body += chunk;
  return body;
}
