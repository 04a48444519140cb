import { nchan } from '../nchan/nchanVariant.js';
import { batchFloor } from './batchFloor.js';
import { betterSse } from './betterSse.js';
import { fastifySseVariant } from './fastifySse.js';
import { hono } from './hono.js';
import { original } from './original.js';
import { ours } from './ours.js';
import { resFloor } from './resFloor.js';
import { socketFloor } from './socketFloor.js';
import type { Variant } from './Variant.js';

/** Every server the bench compares, by the name the tables use, floors first. */
export const variants: Record<string, () => Variant | Promise<Variant>> = {
  socket: socketFloor,
  res: resFloor,
  batch: batchFloor,
  'sse-channel': original,
  'better-sse': betterSse,
  'fastify-sse': fastifySseVariant,
  hono,
  nchan,
  ours: () => ours(),
  'ours-2ms': () => ours({ flushInterval: 2 }),
};
