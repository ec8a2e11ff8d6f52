import { type ChildProcess, fork } from 'node:child_process';
import { ChildOutput } from './child-output.js';
import type { Limits } from './limits.js';
import { type BudgetBreach, budgetFailureRecords } from './overrun.js';
import { cpuSeconds, residentMb } from './proc-stats.js';
import type { IngestRecord } from './records.js';
import type { FileTask } from './task.js';

type Task = FileTask & { mtimeMs: number };
type Msg = { type: string; seq: number; recs?: IngestRecord[]; message?: string };

/** How often a busy parser process's CPU time and resident memory are checked against the budget. */
const SAMPLE_MS = 200;

export interface PoolHooks {
  onRecords(t: Task, r: IngestRecord[]): void;
  onDone(t: Task, r: IngestRecord[]): void;
}

/**
 * Forks a parser process under the per-file memory budget: V8's heap limit
 * (`--max-old-space-size`, `maxWorkerMemoryMb`). None of this process's own flags are passed on
 * (they may be a test runner's); from TypeScript sources the child loads tsx first.
 */
function startChild(limits: Limits): ChildProcess {
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  const entry = new URL(`./parser-process${ext}`, import.meta.url);
  const execArgv = [`--max-old-space-size=${limits.maxWorkerMemoryMb}`];
  if (ext === '.ts') execArgv.unshift('--import', import.meta.resolve('tsx'));
  return fork(entry, [], {
    execArgv,
    serialization: 'advanced',
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
}

interface Slot {
  child: ChildProcess;
  output: ChildOutput;
  ready: boolean;
  seq: number;
  task: Task | null;
  timer: NodeJS.Timeout | null;
  /** The process's CPU seconds when it took its file; null where /proc is not available. */
  cpuAtStart: number | null;
}

/**
 * Hands files to `n` parser processes, one file at a time each; records are written as they
 * arrive. Each file runs under a budget: `maxFileSeconds` of CPU time (`maxFileWallSeconds` of wall
 * time for a parser that waits without working), the process's V8 heap limit
 * (`maxWorkerMemoryMb`) and its resident memory (`maxWorkerRssMb`). A process that overruns or
 * dies — out of memory, a native crash, a kill from outside — costs one file: the file becomes a
 * failed item with a `limit-exceeded` (or `crashed`) failure naming the limit, a fresh process takes
 * the next file, and the file is journalled as done so a re-run does not try it again. Processes,
 * not threads: V8 may abort the whole process on an out-of-memory inside a worker thread.
 */
export function runPool(
  tasks: Task[],
  n: number,
  blobRoot: string,
  limits: Limits,
  hooks: PoolHooks,
): Promise<void> {
  return new Promise((resolvePool, rejectPool) => {
    let next = 0;
    let active = 0;
    let stopped = false;
    const slots: Slot[] = [];
    const sampler = setInterval(() => {
      for (const s of slots) {
        if (!s.task || s.child.pid === undefined) continue;
        const mb = residentMb(s.child.pid);
        if (mb !== null && mb > limits.maxWorkerRssMb) overrun(s, 'rss');
        const cpu = s.cpuAtStart === null ? null : cpuSeconds(s.child.pid);
        if (cpu !== null && cpu - s.cpuAtStart! > limits.maxFileSeconds) overrun(s, 'time');
      }
    }, SAMPLE_MS);
    const stop = () => {
      stopped = true;
      clearInterval(sampler);
      for (const s of slots) {
        if (s.timer) clearTimeout(s.timer);
        s.child.kill('SIGKILL');
      }
    };
    const fatal = (err: unknown) => {
      if (stopped) return;
      stop();
      rejectPool(err);
    };
    const give = (slot: Slot) => {
      if (stopped || !slot.ready) return;
      if (next >= tasks.length) {
        if (active === 0) {
          stop();
          resolvePool();
        }
        return;
      }
      const seq = next++;
      slot.seq = seq;
      slot.task = tasks[seq]!;
      active++;
      // CPU time is the budget (a loaded machine does not make a file fail); wall time only stops
      // a parser that waits without working. Without /proc, wall time at maxFileSeconds.
      slot.cpuAtStart = slot.child.pid === undefined ? null : cpuSeconds(slot.child.pid);
      const wall = slot.cpuAtStart === null ? limits.maxFileSeconds : limits.maxFileWallSeconds;
      slot.timer = setTimeout(
        () => overrun(slot, 'wall', slot.cpuAtStart === null ? 'maxFileSeconds' : 'maxFileWallSeconds'),
        wall * 1000,
      );
      slot.child.send({ type: 'task', seq, task: slot.task });
    };
    const finish = (slot: Slot, recs: IngestRecord[]) => {
      const task = slot.task!;
      if (slot.timer) clearTimeout(slot.timer);
      slot.task = null;
      slot.timer = null;
      active--;
      hooks.onDone(task, recs);
    };
    /** The file of a process that broke its budget or died: recorded, and a new process started. */
    const overrun = (slot: Slot, why: BudgetBreach, detail?: string) => {
      if (!slot.task || stopped) return;
      const task = slot.task;
      slot.child.kill('SIGKILL');
      try {
        finish(slot, budgetFailureRecords(task, blobRoot, limits, why, detail));
      } catch (err) {
        fatal(err);
        return;
      }
      attach(slot);
    };
    const attach = (slot: Slot) => {
      const child = startChild(limits);
      const output = new ChildOutput(child);
      Object.assign(slot, { child, output, ready: false });
      const mine = () => slot.child === child && !stopped;
      child.on('message', (msg: Msg) => {
        if (!mine()) return;
        if (msg.type === 'ready') {
          slot.ready = true;
          give(slot);
          return;
        }
        if (!slot.task || msg.seq !== slot.seq) return;
        try {
          if (msg.type === 'records') hooks.onRecords(slot.task, msg.recs ?? []);
          else {
            const recs =
              msg.type === 'done'
                ? (msg.recs ?? [])
                : [errorRecord(slot.task, msg.message ?? 'unknown error')];
            finish(slot, recs);
            give(slot);
          }
        } catch (err) {
          fatal(err);
        }
      });
      child.on('error', (err) => {
        if (!mine()) return;
        if (slot.task) overrun(slot, 'crash', err.message);
        else fatal(new Error(`cannot start a parser process: ${err.message}`));
      });
      // 'close', not 'exit': V8's last words on stderr have been read by then.
      child.on('close', (code, signal) => {
        if (!mine()) return;
        const how = signal ? `killed by ${signal}` : `exited with code ${code}`;
        if (slot.task) {
          if (output.outOfMemory()) overrun(slot, 'memory');
          else overrun(slot, 'crash', [how, output.lastLine()].filter(Boolean).join(': '));
        } else if (!slot.ready) {
          // Dying before it could take a file is not a file's fault: starting again would loop.
          fatal(new Error(`the parser process could not start (${how}): ${output.lastLine()}`));
        } else attach(slot);
      });
      child.send({ type: 'init', blobRoot, limits });
    };
    for (let i = 0; i < n; i++) {
      const slot = { ready: false, seq: -1, task: null, timer: null, cpuAtStart: null } as unknown as Slot;
      slots.push(slot);
      attach(slot);
    }
  });
}

function errorRecord(task: Task, message: string): IngestRecord {
  return {
    t: 'failure',
    provenance: task.provenance,
    sha256: null,
    reason: 'error',
    message: `${task.provenance}: ${message}`,
    stage: 'ingest',
  };
}
