import type { ServerProcess } from '../ServerProcess.js';
import { connectAll } from './connectAll.js';
import type { StalledResult } from './results.js';
import { deliveryErrors } from './verify.js';

/** The channel's default `stallTimeout`, and how late it may cut (it looks every third of it, at least every 10 ms). */
const STALL_TIMEOUT_MS = 30_000;
const BOUND_MS = STALL_TIMEOUT_MS + Math.max(10, STALL_TIMEOUT_MS / 3);
/** The server's stall watch polls every 50 ms. */
const WATCH_SLACK_MS = 100;

export interface StalledSettings {
  stalled: number;
  readers: number;
  eventsPerSecond: number;
  eventBytes: number;
  seconds: number;
}

/**
 * `stalled` clients that never read (after their response head) beside `readers` that do, a stream
 * of events for `seconds`: whether every stalled client is cut within the bound, the readers'
 * latency, and the server's RSS. The server must run with `--watch-stalls`.
 */
export async function stalled(name: string, server: ServerProcess, settings: StalledSettings): Promise<StalledResult> {
  const { eventsPerSecond, seconds, eventBytes } = settings;
  const stuck = await connectAll(server, settings.stalled);
  stuck.pause(1);
  const readers = await connectAll(server, settings.readers, false, settings.stalled);
  await server.request({ type: 'watch-rss' });
  const rssBefore = (await server.request({ type: 'memory', gc: true })).memory?.rss ?? 0;
  const histogram = readers.measureLatency();
  const count = Math.round(eventsPerSecond * seconds);
  readers.sent = count;
  await Promise.all([
    readers.until(count, settings.readers, seconds * 1000 + 60_000),
    server.request({ type: 'stream', from: 1, count, intervalMs: 1000 / eventsPerSecond, pad: eventBytes - 40 }),
  ]);
  const peakRss = (await server.request({ type: 'memory', gc: false })).peakRss ?? 0;
  const stalls = (await server.request({ type: 'stalls' })).stalls ?? { cutAfterMs: [], stalled: Number.NaN };
  stuck.close();
  readers.close();
  const longest = Math.max(0, ...stalls.cutAfterMs);
  return {
    server: name,
    ...settings,
    cut: stalls.cutAfterMs.length,
    stillStalled: stalls.stalled,
    shortestCutMs: Math.min(...stalls.cutAfterMs),
    longestCutMs: longest,
    boundMs: BOUND_MS + WATCH_SLACK_MS,
    readersP50Ms: histogram.percentileMs(0.5),
    readersP99Ms: histogram.percentileMs(0.99),
    readerErrors: deliveryErrors(readers.connections, count),
    rssBeforeBytes: rssBefore,
    peakRssBytes: peakRss,
  };
}
