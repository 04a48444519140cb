import { packageConfig } from '@sse-channel/build-config';

// `app.register(require('@sse-channel/fastify'))` gets the plugin itself, as fastify plugins do.
export default packageConfig({ requireReturnsDefault: true });
