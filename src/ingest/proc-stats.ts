import { readFileSync } from 'node:fs';

/**
 * What Linux's /proc says about a parser process; null where /proc is not available (there the
 * V8 heap limit still applies, and the time budget falls back to wall time).
 */

/** Resident memory of a process in MB (heap, buffers and code together). */
export function residentMb(pid: number): number | null {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** Clock ticks per second of /proc/<pid>/stat's times (USER_HZ: 100 on every Linux ABI Node runs on). */
const USER_HZ = 100;

/** CPU seconds (user + system, all threads) a process has used so far (proc(5): fields 14, 15). */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / USER_HZ;
  } catch {
    return null;
  }
}
