import type { IncomingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';
import { inspect } from 'node:util';
import { expect, it } from 'vitest';
import { ErrorOutput } from '../ErrorOutput.js';
import { waitFor } from '../waitFor.js';
import type { Harness } from './Harness.js';
import type { ScenarioChannel } from './transport.js';

/** `authorize` and channel resolvers: refusals never add a client and never leak an error. */
export function admissionScenarios<C extends ScenarioChannel>(h: Harness<C>): void {
  const byToken = (headers: IncomingHttpHeaders) => headers['x-token'] === 'good';

  it('refuses with 403 when authorize returns false, and never adds the client', async () => {
    const channel = h.channel();
    let connects = 0;
    channel.on('connect', () => connects++);
    const { url } = await h.serve({ channel, authorize: byToken });
    const refused = await fetch(`${url}/events/main`, { headers: { 'X-Token': 'bad' } });
    expect(refused.status).toBe(403);
    expect(connects).toBe(0);
    expect(channel.getConnectionCount()).toBe(0);
  });

  it('refuses with the status authorize returns', async () => {
    const { url } = await h.serve({ channel: h.channel(), authorize: () => 401 });
    expect((await fetch(`${url}/events/main`)).status).toBe(401);
  });

  it('streams when an async authorize allows the request', async () => {
    const channel = h.channel();
    const { url } = await h.serve({ channel, authorize: async (headers) => byToken(headers) });
    const stream = h.events(`${url}/events/main`, { headers: { 'X-Token': 'good' } });
    await stream.opened();
    channel.send('welcome');
    expect((await stream.received(1))[0]?.data).toBe('welcome');
  });

  it('answers 500 without the error when authorize throws, and reports the error', async () => {
    const channel = h.channel();
    const reported: unknown[] = [];
    const secret = new Error('secret database password');
    const authorize = () => {
      throw secret;
    };
    const { url } = await h.serve({ channel, authorize, onError: (error) => reported.push(error) });
    const response = await fetch(`${url}/events/main`);
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain('secret');
    expect(reported).toEqual([secret]);
    expect(channel.getConnectionCount()).toBe(0);
  });

  it("reports what the resolver threw through the framework's own error reporting when no onError is given", async () => {
    const served = await h.serve({ channel: () => Promise.reject(new Error('no such room')) });
    const output = new ErrorOutput();
    try {
      expect((await fetch(`${served.url}/events/main`)).status).toBe(500);
    } finally {
      output.restore();
    }
    const reports = [...served.errors.map((entry) => inspect(entry)), ...output.lines];
    expect(reports.some((report) => report.includes('no such room'))).toBe(true);
  });

  it('answers 404 when the resolver finds no channel', async () => {
    const { url } = await h.serve({ channel: () => undefined });
    expect((await fetch(`${url}/events/nowhere`)).status).toBe(404);
  });

  it('serves the channel an async resolver finds for the route', async () => {
    const rooms = new Map([['red', h.channel()], ['blue', h.channel()]]);
    const { url } = await h.serve({ channel: async (name) => rooms.get(name) });
    const stream = h.raw(`${url}/events/blue`);
    await stream.waitFor(':ok\n\n');
    await waitFor(() => rooms.get('blue')?.getConnectionCount() === 1);
    rooms.get('red')?.send('for red');
    rooms.get('blue')?.send('for blue');
    await stream.waitFor('for blue');
    expect(stream.body).toBe(':ok\n\ndata: for blue\n\n');
  });

  it('answers 500 when the resolver rejects', async () => {
    const reported: unknown[] = [];
    const { url } = await h.serve({ channel: () => Promise.reject(new Error('boom')), onError: (e) => reported.push(e) });
    expect((await fetch(`${url}/events/main`)).status).toBe(500);
    expect(reported).toHaveLength(1);
  });

  it('drops a client that leaves while authorize is still deciding', async () => {
    const channel = h.channel();
    let connects = 0;
    let disconnects = 0;
    channel.on('connect', () => connects++);
    channel.on('disconnect', () => disconnects++);
    let asked = false;
    let decide = (_allowed: boolean) => {};
    const decided = new Promise<boolean>((resolve) => (decide = resolve));
    const served = await h.serve({ channel, authorize: () => ((asked = true), decided) });
    const gone = new Promise((resolve) => served.server.once('connection', (socket: Socket) => socket.once('close', resolve)));
    const stream = h.raw(`${served.url}/events/main`);
    await waitFor(() => asked);
    stream.reset();
    await gone;
    decide(true);
    await waitFor(() => connects === disconnects && channel.getConnectionCount() === 0);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(channel.getConnectionCount()).toBe(0);
    expect(disconnects).toBe(connects);
  });
}
