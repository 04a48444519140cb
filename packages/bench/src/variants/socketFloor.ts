import type { ServerResponse } from 'node:http';
import { openFloorStream } from './floorStream.js';
import { frameText, httpChunk, type Variant } from './Variant.js';

/** Floor: one `socket.write` of a pre-framed HTTP chunk per client per event. */
export function socketFloor(): Variant {
  const clients = new Set<ServerResponse>();
  return {
    connect: (req, res) => openFloorStream(req, res, clients),
    send(events) {
      for (const event of events) {
        const chunk = httpChunk(Buffer.from(frameText(event)));
        for (const res of clients) res.socket?.write(chunk);
      }
    },
    count: () => clients.size,
  };
}
