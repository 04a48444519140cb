export { packageConfig, type PackageConfigOptions } from './packageConfig.js';
export { commonJsDeclarations } from './commonJsDeclarations.js';
