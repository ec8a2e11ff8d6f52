import { Worker } from 'node:worker_threads';

/** How often a parser process checks that its parent still lives. */
const ORPHAN_CHECK_MS = 1000;

/**
 * A watchdog thread for a parser child process. If the ingest that forked it is killed (SIGKILL
 * leaves no chance to stop children) while the parser is stuck in a synchronous loop on a hostile
 * file, the process never sees its IPC channel close and would spin on as an orphan. The thread
 * runs beside the busy main thread: once the parent is gone (on Linux: the process was re-parented;
 * elsewhere: the parent's pid no longer exists) it kills its own process.
 */
const CODE = `
const { readFileSync } = require('node:fs');
const { workerData } = require('node:worker_threads');
const { parent, self, every } = workerData;
function parentOf() {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}
setInterval(() => {
  const now = parentOf();
  let gone = now !== null ? now !== parent : false;
  if (now === null) {
    try { process.kill(parent, 0); } catch (e) { gone = e.code === 'ESRCH'; }
  }
  if (gone) process.kill(self, 'SIGKILL');
}, every);
`;

export function guardOrphan(): void {
  const w = new Worker(CODE, {
    eval: true,
    // Not this process's flags: a loader preloaded by `--import tsx` would make the thread wait on
    // the (busy) main thread before running a line.
    execArgv: [],
    workerData: { parent: process.ppid, self: process.pid, every: ORPHAN_CHECK_MS },
  });
  w.unref();
}
