import { describe, expect, it } from 'vitest';
import type { Replay } from '../src/replay.js';
import { replayingSink } from '../src/replayingSink.js';
import { MemorySink } from './MemorySink.js';

const watcher = { replayed: () => {}, overflowed: () => {} };
const pendingReplay = () => new Promise<Replay>(() => {});

describe('a sink held while its replay is read from a backplane', () => {
  it("passes the transport's destroy() on, so a slow client is cut off at once", () => {
    let destroyed = 0;
    const sink = Object.assign(new MemorySink(), { destroy: () => destroyed++ });
    replayingSink(sink, pendingReplay, 1024, watcher).destroy?.();
    expect(destroyed).toBe(1);
  });

  it('has no destroy() when the transport has none', () => {
    expect(replayingSink(new MemorySink(), pendingReplay, 1024, watcher).destroy).toBeUndefined();
  });

  it("returns the transport's end() promise, so close() waits for the connection to close", async () => {
    let closed = false;
    const sink = Object.assign(new MemorySink(), { end: () => new Promise<void>((resolve) => setTimeout(() => resolve(void (closed = true)), 20)) });
    await replayingSink(sink, pendingReplay, 1024, watcher).end();
    expect(closed).toBe(true);
  });
});
