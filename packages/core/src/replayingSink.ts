import { concatBytes } from './bytes.js';
import type { Replay } from './replay.js';
import type { SseSink } from './SseSink.js';

/** What a replaying sink tells its channel. */
export interface ReplayWatcher {
  /** The replay was written: the client follows the broadcast from now on. */
  replayed(replay: Replay): void;
  /** The writes held during the replay went over the bound (`heldBytes`): the client must be dropped. */
  overflowed(heldBytes: number): void;
}

/**
 * Wraps a new client's sink while its replay is read from a backplane (`load` reads it and calls
 * `cut`). The first write (the stream's opening frames) goes through at once, so the client sees
 * its stream open; later writes are held until the replay arrives, then the client gets the replay
 * and the writes made after the backplane's cut, in one write. Writes held before the cut are
 * covered by the replay and are dropped. Held writes are bounded by `maxHeldBytes`: over it the
 * watcher is told and the replay is abandoned, since a client dropped then reconnects with the same
 * Last-Event-ID and catches up from the backplane. When the replay fails, the connection is ended,
 * with the same effect.
 */
export function replayingSink(
  sink: SseSink,
  load: (cut: () => void) => Promise<Replay>,
  maxHeldBytes: number,
  watcher: ReplayWatcher,
): SseSink {
  // opening: the first write passes; holding: writes are held; live: writes pass; dropped: over the bound, writes are discarded.
  let state: 'opening' | 'holding' | 'live' | 'dropped' = 'opening';
  let held: Uint8Array[] = [];
  let heldBytes = 0;
  const cut = (): void => {
    held = [];
    heldBytes = 0;
  };
  const stop = (next: 'live' | 'dropped'): Uint8Array[] => {
    const chunks = held;
    state = next;
    cut();
    return chunks;
  };
  const release = (replay: Replay): void => {
    if (state !== 'holding') return;
    const chunks = [...replay.frames, ...stop('live')];
    if (chunks.length > 0) {
      sink.write(concatBytes(chunks));
      sink.flush?.();
    }
    watcher.replayed(replay);
  };
  const end = (): void | Promise<void> => {
    if (state !== 'live') stop('dropped');
    return sink.end();
  };
  load(cut).then(release, () => {
    if (state !== 'live' && state !== 'dropped') void end();
  });
  return {
    write: (chunk) => {
      if (state === 'live') return sink.write(chunk);
      if (state === 'opening') {
        // The channel's first flush is queued when the client attaches, before any replay can resolve.
        state = 'holding';
        return sink.write(chunk);
      }
      if (state === 'dropped') return true;
      held.push(chunk);
      heldBytes += chunk.byteLength;
      if (heldBytes > maxHeldBytes) {
        const bytes = heldBytes;
        stop('dropped');
        watcher.overflowed(bytes);
      }
      return true;
    },
    flush: () => {
      if (state !== 'dropped') sink.flush?.();
    },
    end,
    ...(sink.destroy && {
      destroy: () => {
        if (state !== 'live') stop('dropped');
        sink.destroy?.();
      },
    }),
  };
}
