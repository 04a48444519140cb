import { expect, it } from 'vitest';
import type { Harness } from './Harness.js';
import type { ScenarioChannel } from './transport.js';

/** The framework's usual compression must not hold events back. */
export function compressionScenarios<C extends ScenarioChannel>(h: Harness<C>): void {
  it.skipIf(h.transport.capabilities?.compression === false)('delivers an event within a second with compression on', async () => {
    // No pings: only the adapter's own flushing may push the event out.
    const { channel, url } = await h.start({ pingInterval: false }, { compression: true });
    const stream = h.events(url, { headers: { 'Accept-Encoding': 'gzip, deflate' } });
    await stream.opened();
    channel.send({ id: 1, data: 'not held back' });
    const [event] = await stream.received(1, 1000);
    expect(event?.data).toBe('not held back');
  });
}
