import { packageConfig } from '@sse-channel/build-config';

// `require('@sse-channel/node')` returns the class itself, as `require('sse-channel')` did.
export default packageConfig({ requireReturnsDefault: true });
