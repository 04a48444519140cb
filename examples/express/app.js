import express from 'express';
import { SseChannel, sse } from '@sse-channel/express';

const page = `<!doctype html><meta charset="utf-8"><title>sse-channel with express</title>
<form method="post" action="/publish" onsubmit="event.preventDefault(); fetch('/publish', { method: 'POST', body: this.text.value })">
<input name="text" placeholder="say something"> <button>publish</button></form><ol id="events"></ol>
<script>new EventSource('/events').onmessage = (e) => document.getElementById('events').append(Object.assign(document.createElement('li'), { textContent: e.data }));</script>`;

/** The example app: a page at `/`, the event stream at `/events`, and `POST /publish` to send an event. */
export function createApp() {
  const channel = new SseChannel({ historySize: 100, retryTimeout: 2000, jsonEncode: true });
  let lastId = 0;
  const app = express();
  app.get('/', (req, res) => res.type('html').send(page));
  app.get('/events', sse(channel));
  app.post('/publish', express.text({ type: () => true }), (req, res) => {
    channel.send({ id: ++lastId, data: { text: String(req.body), at: new Date().toISOString() } });
    res.json({ id: lastId });
  });
  return { app, channel };
}
