export { listen, stop } from './server.js';
export { waitFor } from './waitFor.js';
export { RawStream } from './RawStream.js';
export { RawExchange } from './RawExchange.js';
export { EventStream, type ReceivedEvent } from './EventStream.js';
export { INVALID_OPTIONS } from './invalidOptions.js';
export { churn, collectGarbage, LeakWatch, type ChurnChannel, type ChurnKind, type ChurnOptions } from './churn.js';
export { typecheckProject } from './typecheckProject.js';
export { itLoadsTheBuiltPackage } from './builtPackage.js';
