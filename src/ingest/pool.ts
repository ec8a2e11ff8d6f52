import { type ChildProcess, fork } from 'node:child_process';
import { ChildOutput } from './child-output.js';
import type { Limits } from './limits.js';
import { type BudgetBreach, budgetFailureRecords } from './overrun.js';
import { cpuSeconds, residentMb } from './proc-stats.js';
import type { IngestRecord } from './records.js';
import type { FileTask } from './task.js';

type Task = FileTask & { mtimeMs: number };
type Msg = { type: string; seq: number; recs?: IngestRecord[]; message?: string; code?: string };

/** How often a busy parser process's CPU time and resident memory are checked against the budget. */
const SAMPLE_MS = 200;

export interface PoolHooks {
  onRecords(t: Task, r: IngestRecord[]): void;
  onDone(t: Task, r: IngestRecord[]): void;
  /**
   * Whether a parse error with this `code` (an errno such as ENOSPC) is the machine's fault, not
   * the file's: then the run rejects with that error instead of recording a failure for the file.
   */
  isFatal?(code: string | undefined): boolean;
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

/** The files of one `run` call: its hooks, how many are not finished, and its promise. */
interface Batch {
  hooks: PoolHooks;
  left: number;
  settled: boolean;
  resolve(): void;
  reject(err: unknown): void;
}

interface Entry {
  task: Task;
  batch: Batch;
}

interface Slot {
  child: ChildProcess;
  output: ChildOutput;
  ready: boolean;
  seq: number;
  entry: Entry | null;
  timer: NodeJS.Timeout | null;
  /** The process's CPU seconds when it took its file; null where /proc is not available. */
  cpuAtStart: number | null;
  /** Whether a process of this slot has been ready once (the pool's `ready`). */
  started: boolean;
}

/**
 * `n` parser processes, one file at a time each; records are handed over as they arrive. Each file
 * runs under a budget: `maxFileSeconds` of CPU time (`maxFileWallSeconds` of wall time for a parser
 * that waits without working), the process's V8 heap limit (`maxWorkerMemoryMb`) and its resident
 * memory (`maxWorkerRssMb`). A process that overruns or dies — out of memory, a native crash, a
 * kill from outside — costs one file: the file becomes a failed item with a `limit-exceeded` (or
 * `crashed`) failure naming the limit, and a fresh process takes the next file. Processes, not
 * threads: V8 may abort the whole process on an out-of-memory inside a worker thread.
 *
 * The pool outlives one run: the laptop ingest runs it once (`runPool`), a team worker keeps it for
 * every job it takes, so the processes start once, not once per job.
 * @example const pool = new ParserPool(2, blobs.root, DEFAULT_LIMITS); await pool.run(tasks, hooks); pool.close();
 */
export class ParserPool {
  private readonly queue: Entry[] = [];
  private readonly slots: Slot[] = [];
  private readonly batches = new Set<Batch>();
  private readonly sampler: NodeJS.Timeout;
  private stopped = false;
  private seq = 0;
  private startedSlots = 0;
  private markReady: () => void = () => undefined;
  /**
   * Resolves once each parser process has started (or the pool has stopped). Starting takes
   * seconds on a loaded machine (Node, then pdf.js): a team worker takes jobs only after it, so a
   * job it holds is never waiting for a process to start.
   */
  readonly ready: Promise<void> = new Promise((resolve) => {
    this.markReady = resolve;
  });

  constructor(
    n: number,
    private readonly blobRoot: string,
    private readonly limits: Limits,
  ) {
    this.sampler = setInterval(() => this.sample(), SAMPLE_MS);
    this.sampler.unref();
    for (let i = 0; i < n; i++) {
      const slot = {
        ready: false,
        seq: -1,
        entry: null,
        timer: null,
        cpuAtStart: null,
        started: false,
      } as unknown as Slot;
      this.slots.push(slot);
      this.attach(slot);
    }
  }

  /** Whether the pool was closed, or stopped because a parser process could not start. */
  get closed(): boolean {
    return this.stopped;
  }

  /** Parses `tasks`; resolves when each has been handed to `hooks.onDone`. */
  run(tasks: readonly Task[], hooks: PoolHooks): Promise<void> {
    if (this.stopped) return Promise.reject(new Error('the parser pool is closed'));
    if (!tasks.length) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const batch: Batch = { hooks, left: tasks.length, settled: false, resolve, reject };
      this.batches.add(batch);
      for (const task of tasks) this.queue.push({ task, batch });
      for (const s of this.slots) this.give(s);
    });
  }

  /** Kills the parser processes; runs not finished reject. */
  close(): void {
    this.stop(new Error('the parser pool was closed'));
  }

  private stop(err: unknown): void {
    if (this.stopped) return;
    this.stopped = true;
    this.markReady();
    clearInterval(this.sampler);
    for (const s of this.slots) {
      if (s.timer) clearTimeout(s.timer);
      s.child.kill('SIGKILL');
    }
    for (const b of this.batches) this.settle(b, err);
    this.queue.length = 0;
  }

  private settle(batch: Batch, err?: unknown): void {
    if (batch.settled) return;
    batch.settled = true;
    this.batches.delete(batch);
    if (err === undefined) batch.resolve();
    else batch.reject(err);
  }

  private sample(): void {
    for (const s of this.slots) {
      if (!s.entry || s.child.pid === undefined) continue;
      const mb = residentMb(s.child.pid);
      if (mb !== null && mb > this.limits.maxWorkerRssMb) this.overrun(s, 'rss');
      const cpu = s.cpuAtStart === null ? null : cpuSeconds(s.child.pid);
      if (cpu !== null && cpu - s.cpuAtStart! > this.limits.maxFileSeconds) this.overrun(s, 'time');
    }
  }

  private give(slot: Slot): void {
    if (this.stopped || !slot.ready || slot.entry) return;
    let entry = this.queue.shift();
    while (entry?.batch.settled) entry = this.queue.shift();
    if (!entry) return;
    const limits = this.limits;
    slot.seq = this.seq++;
    slot.entry = entry;
    // CPU time is the budget (a loaded machine does not make a file fail); wall time only stops
    // a parser that waits without working. Without /proc, wall time at maxFileSeconds.
    slot.cpuAtStart = slot.child.pid === undefined ? null : cpuSeconds(slot.child.pid);
    const wall = slot.cpuAtStart === null ? limits.maxFileSeconds : limits.maxFileWallSeconds;
    slot.timer = setTimeout(
      () => this.overrun(slot, 'wall', slot.cpuAtStart === null ? 'maxFileSeconds' : 'maxFileWallSeconds'),
      wall * 1000,
    );
    slot.child.send({ type: 'task', seq: slot.seq, task: entry.task });
  }

  /** Hands a finished file's last records to its run; a hook that throws ends that run. */
  private finish(slot: Slot, recs: IngestRecord[] | Error): void {
    const { task, batch } = slot.entry!;
    if (slot.timer) clearTimeout(slot.timer);
    slot.entry = null;
    slot.timer = null;
    if (batch.settled) return;
    if (recs instanceof Error) {
      this.settle(batch, recs);
      return;
    }
    try {
      batch.hooks.onDone(task, recs);
    } catch (err) {
      this.settle(batch, err);
      return;
    }
    if (--batch.left === 0) this.settle(batch);
  }

  /** The file of a process that broke its budget or died: recorded, and a new process started. */
  private overrun(slot: Slot, why: BudgetBreach, detail?: string): void {
    if (!slot.entry || this.stopped) return;
    const task = slot.entry.task;
    slot.child.kill('SIGKILL');
    let recs: IngestRecord[] | Error;
    try {
      recs = budgetFailureRecords(task, this.blobRoot, this.limits, why, detail);
    } catch (err) {
      recs = err as Error;
    }
    this.finish(slot, recs);
    this.attach(slot);
  }

  private attach(slot: Slot): void {
    const child = startChild(this.limits);
    const output = new ChildOutput(child);
    Object.assign(slot, { child, output, ready: false });
    const mine = () => slot.child === child && !this.stopped;
    child.on('message', (msg: Msg) => {
      if (!mine()) return;
      if (msg.type === 'ready') {
        slot.ready = true;
        if (!slot.started) {
          slot.started = true;
          if (++this.startedSlots === this.slots.length) this.markReady();
        }
        this.give(slot);
        return;
      }
      const entry = slot.entry;
      if (!entry || msg.seq !== slot.seq) return;
      if (msg.type === 'records') {
        if (entry.batch.settled) return;
        try {
          entry.batch.hooks.onRecords(entry.task, msg.recs ?? []);
        } catch (err) {
          this.settle(entry.batch, err);
        }
        return;
      }
      if (msg.type === 'done') this.finish(slot, msg.recs ?? []);
      else if (entry.batch.hooks.isFatal?.(msg.code))
        this.finish(
          slot,
          Object.assign(new Error(`${entry.task.provenance}: ${msg.message}`), { code: msg.code }),
        );
      else this.finish(slot, [errorRecord(entry.task, msg.message ?? 'unknown error')]);
      this.give(slot);
    });
    child.on('error', (err) => {
      if (!mine()) return;
      if (slot.entry) this.overrun(slot, 'crash', err.message);
      else this.stop(new Error(`cannot start a parser process: ${err.message}`));
    });
    // 'close', not 'exit': V8's last words on stderr have been read by then.
    child.on('close', (code, signal) => {
      if (!mine()) return;
      const how = signal ? `killed by ${signal}` : `exited with code ${code}`;
      if (slot.entry) {
        if (output.outOfMemory()) this.overrun(slot, 'memory');
        else this.overrun(slot, 'crash', [how, output.lastLine()].filter(Boolean).join(': '));
      } else if (!slot.ready) {
        // Dying before it could take a file is not a file's fault: starting again would loop.
        this.stop(new Error(`the parser process could not start (${how}): ${output.lastLine()}`));
      } else this.attach(slot);
    });
    child.send({ type: 'init', blobRoot: this.blobRoot, limits: this.limits });
  }
}

/**
 * Parses `tasks` in `n` parser processes under the per-file budget (see ParserPool), then stops
 * them. A file over budget, or whose process dies, is recorded and journalled as done, so a re-run
 * does not try it again.
 */
export async function runPool(
  tasks: Task[],
  n: number,
  blobRoot: string,
  limits: Limits,
  hooks: PoolHooks,
): Promise<void> {
  const pool = new ParserPool(n, blobRoot, limits);
  try {
    await pool.run(tasks, hooks);
  } finally {
    pool.close();
  }
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
