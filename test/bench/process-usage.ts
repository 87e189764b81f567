import { readFileSync } from 'node:fs';

/** CPU seconds a process has used so far and its resident memory now and at its peak (Linux /proc). */
export interface ProcessUsage {
  cpuSeconds: number;
  rssMiB: number;
  peakRssMiB: number;
}

// Kernel clock ticks per second for utime/stime in /proc/<pid>/stat (USER_HZ, 100 on Linux).
const TICKS = 100;

/** Reads /proc/<pid>/stat and /proc/<pid>/status. */
export function processUsage(pid: number): ProcessUsage {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces) start at ") ".
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / TICKS;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { cpuSeconds, rssMiB: kib('VmRSS') / 1024, peakRssMiB: kib('VmHWM') / 1024 };
}

/** CPU used over a window, as a share of one core, and the memory at its end. */
export function usageOver(before: ProcessUsage, after: ProcessUsage, seconds: number) {
  return {
    cores: (after.cpuSeconds - before.cpuSeconds) / seconds,
    rssMiB: after.rssMiB,
    peakRssMiB: after.peakRssMiB,
  };
}
