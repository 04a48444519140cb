import { median } from '../median.js';
import type { FanoutResult, MemoryResult } from './results.js';

function groups<T>(items: readonly T[], key: (item: T) => string): T[][] {
  const byKey = new Map<string, T[]>();
  for (const item of items) byKey.set(key(item), [...(byKey.get(key(item)) ?? []), item]);
  return [...byKey.values()];
}

/** One result per server and case: the median CPU over the passes; deliveries and errors add up. */
export function medianFanout(passes: readonly FanoutResult[]): FanoutResult[] {
  return groups(passes, (r) => `${r.server} ${r.clients} ${r.perTick}`).map((group) => ({
    ...(group[0] as FanoutResult),
    delivered: group.reduce((sum, r) => sum + r.delivered, 0),
    cpuMicrosPerEvent: median(group.map((r) => r.cpuMicrosPerEvent)) as number,
    userMicrosPerEvent: median(group.map((r) => r.userMicrosPerEvent)) as number,
    errors: group.reduce((sum, r) => sum + r.errors, 0),
  }));
}

/** One result per server: the median of each figure over the passes. */
export function medianMemory(passes: readonly MemoryResult[]): MemoryResult[] {
  return groups(passes, (r) => r.server).map((group) => ({
    ...(group[0] as MemoryResult),
    heapBytesPerConnection: median(group.map((r) => r.heapBytesPerConnection)) as number,
    externalBytesPerConnection: median(group.map((r) => r.externalBytesPerConnection)) as number,
    rssBytesPerConnection: median(group.map((r) => r.rssBytesPerConnection)) as number,
  }));
}
