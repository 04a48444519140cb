import { concatBytes } from './bytes.js';
import type { Backplane } from './Backplane.js';
import type { SseSink } from './SseSink.js';

/**
 * Wraps a new client's sink while its replay is read from a backplane. The first write (the
 * stream's opening frames) goes through at once, so the client sees its stream open; later writes
 * are held until the replay arrives, then the client gets the replay and the writes made after the
 * backplane's cut, in one write. Writes held before the cut are covered by the replay and are
 * dropped. When the replay fails, the connection is ended and the client reconnects with the same
 * Last-Event-ID.
 */
export function replayingSink(sink: SseSink, backplane: Backplane, lastEventId: string): SseSink {
  let holding = true;
  let opened = false;
  let held: Uint8Array[] = [];
  const cut = (): void => {
    held = [];
  };
  const release = (replay: Uint8Array[]): void => {
    if (!holding) return;
    holding = false;
    const chunks = [...replay, ...held];
    held = [];
    if (chunks.length === 0) return;
    sink.write(concatBytes(chunks));
    sink.flush?.();
  };
  const end = (): void => {
    holding = false;
    held = [];
    sink.end();
  };
  backplane.replay(lastEventId, cut).then(release, () => {
    if (holding) end();
  });
  return {
    write: (chunk) => {
      if (!holding || !opened) {
        opened = true;
        return sink.write(chunk);
      }
      held.push(chunk);
      return true;
    },
    flush: () => sink.flush?.(),
    end,
  };
}
