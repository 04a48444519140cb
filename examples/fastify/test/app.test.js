import { afterEach, it } from 'vitest';
import { expectExampleAppToPublish } from '@sse-channel/testkit';
import { createApp } from '../app.js';

const app = await createApp();
afterEach(() => app.close());

it('serves the page and streams what is published', async () => {
  await expectExampleAppToPublish(await app.listen({ port: 0, host: '127.0.0.1' }), 'hello from fastify');
});
