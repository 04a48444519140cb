import { createServer } from 'node:http';
import { listen, RawStream, stop } from '@sse-channel/testkit';
import { Counter, Gauge, Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import SseChannel, { type ChannelStats } from '../../src/index.js';

/** The README's Prometheus recipe: metrics read from `channel.stats()` at scrape time. */
function exposeStats(channel: { stats(): ChannelStats }, registry: Registry): void {
  const registers = [registry];
  const gauge = (name: string, help: string, read: (stats: ChannelStats) => number) =>
    new Gauge({ name, help, registers, collect() { this.set(read(channel.stats())); } });
  const counter = (name: string, help: string, read: (stats: ChannelStats) => number) =>
    new Counter({ name, help, registers, collect() { this.reset(); this.inc(read(channel.stats())); } });
  gauge('sse_clients', 'Connected SSE clients', (stats) => stats.clients);
  gauge('sse_history_events', 'Events kept for replay', (stats) => stats.historySize);
  counter('sse_connections_total', 'Clients that connected', (stats) => stats.connections);
  counter('sse_events_sent_total', 'Events sent', (stats) => stats.eventsSent);
  counter('sse_bytes_sent_total', 'Bytes written to clients', (stats) => stats.bytesSent);
  counter('sse_replays_total', 'Connections replayed from history', (stats) => stats.replays);
  counter('sse_resets_total', 'Clients told their Last-Event-ID was lost', (stats) => stats.resets);
  counter('sse_slow_client_drops_total', 'Slow clients disconnected', (stats) => stats.slowClientDrops);
}

describe('the Prometheus recipe', () => {
  const server = createServer();
  afterEach(() => stop(server));

  it('serves the channel stats as Prometheus metrics', async () => {
    const channel = new SseChannel({ pingInterval: 0, historySize: 10 });
    const registry = new Registry();
    exposeStats(channel, registry);
    server.on('request', async (req, res) => {
      if (req.url !== '/metrics') return channel.addClient(req, res);
      res.writeHead(200, { 'Content-Type': registry.contentType }).end(await registry.metrics());
    });
    const base = await listen(server);
    channel.send({ id: 1, data: 'a' });
    channel.send({ id: 2, data: 'b' });
    const stream = new RawStream(`${base}/events`, { 'Last-Event-ID': '1' });
    const body = await stream.waitFor('data: b\n\n');
    const metrics = await (await fetch(`${base}/metrics`)).text();
    stream.close();
    channel.close();
    const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(metrics)?.[1]);
    expect(value('sse_clients')).toBe(1);
    expect(value('sse_history_events')).toBe(2);
    expect(value('sse_connections_total')).toBe(1);
    expect(value('sse_events_sent_total')).toBe(2);
    expect(value('sse_bytes_sent_total')).toBe(Buffer.byteLength(body));
    expect(value('sse_replays_total')).toBe(1);
    expect(value('sse_resets_total')).toBe(0);
    expect(value('sse_slow_client_drops_total')).toBe(0);
    expect(metrics).toContain('# TYPE sse_events_sent_total counter');
  });
});
