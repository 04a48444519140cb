import type { ServerResponse } from 'node:http';
import { openFloorStream } from './floorStream.js';
import { frameText, type Variant } from './Variant.js';

/** Floor: one `res.write` of a pre-framed event per client per event. */
export function resFloor(): Variant {
  const clients = new Set<ServerResponse>();
  return {
    connect: (req, res) => openFloorStream(req, res, clients),
    send(events) {
      for (const event of events) {
        const frame = Buffer.from(frameText(event));
        for (const res of clients) res.write(frame);
      }
    },
    count: () => clients.size,
  };
}
