// CPU time of a process from Linux /proc, for benchmarks that compare builds by CPU seconds on a
// shared machine (bench/team/ab.mjs, write-path.mjs, bump-cost.mjs).
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/PID/stat's times (USER_HZ, 100 on Linux). */
export const HZ = 100;

/** utime + stime of a process, in clock ticks (fields 14 and 15 of /proc/PID/stat); 0 once it is gone. */
export function cpuTicks(pid) {
  try {
    const st = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = st.slice(st.lastIndexOf(')') + 2).split(' ');
    return Number(rest[11]) + Number(rest[12]);
  } catch {
    return 0;
  }
}
