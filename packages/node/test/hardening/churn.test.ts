import { describe, expect, it } from 'vitest';
import { churn } from '@sse-channel/testkit';
import { SseChannel } from '../../src/index.js';
import { transports } from './transports.js';

describe.each(transports)('churn on $name', ({ serve }) => {
  it('leaves no connection, client object, listener or timer after 10,000 connects and disconnects', async () => {
    const channel = new SseChannel({ pingInterval: 20 });
    const events = channel.eventNames().length;
    let slowClients = 0;
    channel.on('slow-client', () => slowClients++);
    const served = await serve(channel);
    const watch = await churn(served.url, channel, {
      cycles: { clean: 4250, abrupt: 4000, 'mid-replay': 1500, congested: 250 },
    });
    await served.stop();
    channel.removeAllListeners('slow-client');
    expect(channel.getConnectionCount()).toBe(0);
    expect(slowClients).toBeGreaterThan(0);
    expect(channel.eventNames().length).toBe(events);
    // Each cycle's client, sink, decision, response and request, and the timers made meanwhile.
    expect(watch.watched).toBeGreaterThan(10_000 * 5);
    expect(await watch.alive()).toBe(0);
  }, 120_000);
});
