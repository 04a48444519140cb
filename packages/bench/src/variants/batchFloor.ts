import type { ServerResponse } from 'node:http';
import { openFloorStream } from './floorStream.js';
import { frameText, httpChunk, type Variant } from './Variant.js';

/** Floor: the tick's events pre-framed as one HTTP chunk, one `socket.write` per client per tick. */
export function batchFloor(): Variant {
  const clients = new Set<ServerResponse>();
  return {
    connect: (req, res) => openFloorStream(req, res, clients),
    send(events) {
      const chunk = httpChunk(Buffer.from(events.map(frameText).join('')));
      for (const res of clients) res.socket?.write(chunk);
    },
    count: () => clients.size,
  };
}
