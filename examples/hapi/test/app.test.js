import { afterEach, it } from 'vitest';
import { expectExampleAppToPublish } from '@sse-channel/testkit';
import { createServer } from '../app.js';

const server = await createServer({ host: '127.0.0.1', port: 0 });
afterEach(() => server.stop());

it('serves the page and streams what is published', async () => {
  await server.start();
  await expectExampleAppToPublish(server.info.uri, 'hello from hapi');
});
