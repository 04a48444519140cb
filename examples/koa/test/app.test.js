import { createServer } from 'node:http';
import { afterEach, it } from 'vitest';
import { expectExampleAppToPublish, listen, stop } from '@sse-channel/testkit';
import { createApp } from '../app.js';

const { app, channel } = createApp();
const server = createServer(app.callback());
afterEach(async () => {
  channel.close();
  await stop(server);
});

it('serves the page and streams what is published', async () => {
  await expectExampleAppToPublish(await listen(server), 'hello from koa');
});
