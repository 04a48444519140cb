import { utf8 } from './bytes.js';

/** The comment every stream starts with. */
export const OK_FRAME = utf8(':ok\n\n');

/** The keep-alive comment. */
export const PING_FRAME = utf8(':\n');

/** 2 KiB of padding some old EventSource polyfills need before they dispatch anything. */
export const PREAMBLE_FRAME = utf8(`:${'-'.repeat(2056)}\n`);

/** The `retry:` line that tells clients how long to wait before reconnecting. */
export function retryFrame(milliseconds: number): Uint8Array {
  return utf8(`retry: ${milliseconds}\n`);
}
