import { expect, it } from 'vitest';
import { RawStream } from '../RawStream.js';
import { waitFor } from '../waitFor.js';
import type { Harness } from './Harness.js';
import type { ScenarioChannel } from './transport.js';

const CLIENTS = 1000;
const BATCH = 100;

/** Many clients on one channel. */
export function scaleScenarios<C extends ScenarioChannel>(h: Harness<C>): void {
  it(`delivers every event to ${CLIENTS} clients on one channel`, { timeout: 60_000 }, async () => {
    const { channel, url } = await h.start();
    const streams: RawStream[] = [];
    // In batches, so the listen backlog never overflows into SYN retries.
    while (streams.length < CLIENTS) {
      const batch = Array.from({ length: BATCH }, () => h.raw(url));
      await Promise.all(batch.map((stream) => stream.waitFor(':ok\n\n', 20_000)));
      streams.push(...batch);
    }
    await waitFor(() => channel.getConnectionCount() === CLIENTS, 20_000, `${CLIENTS} clients`);
    for (const id of [1, 2, 3]) channel.send({ id, data: `event ${id}` });
    const expected = ':ok\n\nid: 1\ndata: event 1\n\nid: 2\ndata: event 2\n\nid: 3\ndata: event 3\n\n';
    await waitFor(() => streams.every((stream) => stream.body.length >= expected.length), 20_000, 'every event everywhere');
    expect(streams.filter((stream) => stream.body !== expected)).toEqual([]);
  });
}
