import { expect, it } from 'vitest';
import type { Harness } from './Harness.js';
import type { ScenarioChannel } from './transport.js';

const APP = 'http://app.test';
const cors = { origins: [APP] };

/** CORS, decided by the channel: the same answers in every adapter. */
export function corsScenarios<C extends ScenarioChannel>(h: Harness<C>): void {
  it('streams to an allowed origin with its CORS headers', async () => {
    const { url } = await h.start({ cors });
    const stream = h.raw(url, { Origin: APP });
    await stream.waitFor(':ok\n\n');
    expect(stream.status).toBe(200);
    expect(stream.header('access-control-allow-origin')).toBe(APP);
    expect(stream.header('vary')).toMatch(/Origin/);
  });

  it('refuses an origin that is not allowed with 403 and adds no client', async () => {
    const { channel, url } = await h.start({ cors });
    const stream = h.raw(url, { Origin: 'http://evil.test' });
    await stream.waitForHead();
    expect(stream.status).toBe(403);
    expect(stream.header('access-control-allow-origin')).toBeUndefined();
    expect(channel.getConnectionCount()).toBe(0);
  });

  it('answers a preflight with 204 and the CORS permissions', async () => {
    const { channel, url } = await h.start({ cors: { origins: [APP], headers: ['X-Token'] } });
    const headers = { Origin: APP, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'last-event-id' };
    const stream = h.raw(url, headers, 'OPTIONS');
    await stream.waitForHead();
    expect(stream.status).toBe(204);
    expect(stream.header('access-control-allow-origin')).toBe(APP);
    expect(stream.header('access-control-allow-methods')).toBe('GET, POST');
    expect(stream.header('access-control-allow-headers')).toBe('Last-Event-ID, X-Token');
    expect(channel.getConnectionCount()).toBe(0);
  });
}
