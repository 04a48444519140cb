import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/**
 * CPU time (user + system, in µs) a process has used, from /proc/<pid>/stat: read from outside, so
 * it counts the whole process and does not depend on how long the process waited for a core.
 */
export function cpuMicros(pid: number): number {
  const { user, system } = cpuUsageOf(pid);
  return user + system;
}

/** User and system CPU time (µs) a process has used, from /proc/<pid>/stat (zero once it has exited). */
export function cpuUsageOf(pid: number): NodeJS.CpuUsage {
  try {
    // The command name (field 2) may hold spaces: fields are counted after its closing parenthesis.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { user: (Number(fields[11]) * 1e6) / TICKS_PER_SECOND, system: (Number(fields[12]) * 1e6) / TICKS_PER_SECOND };
  } catch {
    return { user: 0, system: 0 };
  }
}

/** Resident memory (bytes) of a process, from /proc/<pid>/status (zero once it has exited). */
export function rssOf(pid: number): number {
  try {
    const kib = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return Number(kib ?? 0) * 1024;
  } catch {
    return 0;
  }
}

/** The pids of every process with this command name (such as every PostgreSQL backend). */
export function pidsNamed(name: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === name) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** CPU time (µs) used so far by every process with this command name. */
export function cpuMicrosNamed(name: string): Map<number, number> {
  return new Map(pidsNamed(name).map((pid) => [pid, cpuMicros(pid)]));
}

/** CPU time used between two readings of `cpuMicrosNamed` (processes that started meanwhile count from zero). */
export function cpuMicrosSince(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, micros] of after) total += micros - (before.get(pid) ?? 0);
  return total;
}
