import { readFileSync } from 'node:fs';

/**
 * Resident memory of a process in MB (heap, buffers and code together), from Linux's
 * /proc/<pid>/status; null where /proc is not available (the V8 heap limit still applies there).
 */
export function residentMb(pid: number): number | null {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}
