import { packageConfig } from '@sse-channel/build-config';

export default packageConfig();
