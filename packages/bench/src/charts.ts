import { median } from './median.js';
import type { BenchResults } from './scenarios/results.js';
import { svgBarChart, type BarChart } from './svgBarChart.js';

const servers = (names: string[]): string[] => [...new Set(names)];

/** CPU per delivered event: one group per fan-out case and the steady stream, one bar per server. */
function cpuChart(results: BenchResults): BarChart {
  const steady = results.steady ?? [];
  const series = servers([...results.fanout.map((r) => r.server), ...steady.map((r) => r.server)]);
  const cases = [...new Set(results.fanout.map((r) => `${r.clients}:${r.perTick}`))];
  const groups = cases.map((key) => {
    const [clients, perTick] = key.split(':').map(Number);
    return {
      label: `${clients} × ${perTick}/tick`,
      values: series.map((server) => results.fanout.find((r) => r.server === server && r.clients === clients && r.perTick === perTick)?.cpuMicrosPerEvent),
    };
  });
  if (steady.length > 0) {
    const first = steady[0];
    groups.push({
      label: `steady ${first?.clients} × ${first?.eventsPerSecond}/s`,
      values: series.map((server) => median(steady.filter((r) => r.server === server).map((r) => r.cpuMicrosPerEvent))),
    });
  }
  return { title: 'Server CPU per delivered event (lower is better; logarithmic axis)', unit: 'µs per event', series, groups, log: true };
}

/** Latency percentiles: one group per server, p50 and p99 of the latency scenario and of the steady stream. */
function latencyChart(results: BenchResults): BarChart {
  const steady = results.steady ?? [];
  const names = servers([...results.latency.map((r) => r.server), ...steady.map((r) => r.server)]);
  const steadyOf = (server: string, field: 'p50Ms' | 'p99Ms') => median(steady.filter((r) => r.server === server).map((r) => r[field]));
  const latencyOf = (server: string) => results.latency.find((r) => r.server === server);
  const [l, s] = [results.latency[0], steady[0]];
  const series: Array<[string, (server: string) => number | undefined]> = [];
  if (l) {
    series.push([`p50, ${l.clients} × ${l.eventsPerSecond}/s`, (server) => latencyOf(server)?.p50Ms]);
    series.push([`p99, ${l.clients} × ${l.eventsPerSecond}/s`, (server) => latencyOf(server)?.p99Ms]);
  }
  if (s) {
    series.push([`p50, steady ${s.clients} × ${s.eventsPerSecond}/s`, (server) => steadyOf(server, 'p50Ms')]);
    series.push([`p99, steady ${s.clients} × ${s.eventsPerSecond}/s`, (server) => steadyOf(server, 'p99Ms')]);
  }
  return {
    title: 'Latency, send to client read (lower is better; logarithmic axis)',
    unit: 'ms',
    log: true,
    series: series.map(([name]) => name),
    groups: names.map((server) => ({ label: server, values: series.map(([, of]) => of(server)) })),
  };
}

/** Memory per idle connection: heap and RSS by server, and ours in the crowd. */
function memoryChart(results: BenchResults): BarChart {
  const groups = results.memory.map((r) => ({ label: r.server, values: [r.heapBytesPerConnection / 1024, r.rssBytesPerConnection / 1024] }));
  (results.crowd ?? []).forEach((r, pass) => groups.push({ label: `crowd ${pass + 1}`, values: [r.heapBytesPerConnection / 1024, r.rssBytesPerConnection / 1024] }));
  const crowd = results.crowd?.[0];
  const title = `Memory per idle connection (nchan: RSS of nginx${crowd ? `; crowd: ${crowd.server} with ${crowd.connections}` : ''})`;
  return { title, unit: 'KiB per connection', series: ['heap', 'RSS'], groups };
}

/** The run's charts as SVG documents, by file name; a chart without data is left out. */
export function charts(results: BenchResults): Record<string, string> {
  const all: Record<string, BarChart> = { 'cpu-per-event.svg': cpuChart(results), 'latency.svg': latencyChart(results), 'memory.svg': memoryChart(results) };
  return Object.fromEntries(Object.entries(all).filter(([, chart]) => chart.groups.length > 0).map(([file, chart]) => [file, svgBarChart(chart)]));
}
