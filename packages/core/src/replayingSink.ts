import { concatBytes } from './bytes.js';
import type { Backplane } from './Backplane.js';
import type { SseSink } from './SseSink.js';

/**
 * Wraps a new client's sink while its replay is read from a backplane. The first write (the
 * stream's opening frames) and later live writes are held; once the replay arrives the client gets
 * opening frames, replay, then the live writes made after the backplane's cut, in one write. Live
 * writes held before the cut are covered by the replay and are dropped. When the replay fails, the
 * connection is ended and the client reconnects with the same Last-Event-ID.
 */
export function replayingSink(sink: SseSink, backplane: Backplane, lastEventId: string): SseSink {
  let holding = true;
  let opening: Uint8Array | undefined;
  let held: Uint8Array[] = [];
  const cut = (): void => {
    held = [];
  };
  const release = (replay: Uint8Array[]): void => {
    if (!holding) return;
    holding = false;
    const chunks = opening === undefined ? [...replay, ...held] : [opening, ...replay, ...held];
    opening = undefined;
    held = [];
    if (chunks.length === 0) return;
    sink.write(concatBytes(chunks));
    sink.flush?.();
  };
  const end = (): void => {
    holding = false;
    opening = undefined;
    held = [];
    sink.end();
  };
  backplane.replay(lastEventId, cut).then(release, () => {
    if (holding) end();
  });
  return {
    write: (chunk) => {
      if (!holding) return sink.write(chunk);
      if (opening === undefined) opening = chunk;
      else held.push(chunk);
      return true;
    },
    flush: () => {
      if (!holding) sink.flush?.();
    },
    end,
  };
}
