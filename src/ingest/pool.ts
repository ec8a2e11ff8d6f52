import { Worker } from 'node:worker_threads';
import type { Limits } from './limits.js';
import { budgetFailureRecords } from './overrun.js';
import type { IngestRecord } from './records.js';
import type { FileTask } from './task.js';

type Task = FileTask & { mtimeMs: number };
type Msg = { type: string; seq: number; recs?: IngestRecord[]; message?: string };

export interface PoolHooks {
  onRecords(t: Task, r: IngestRecord[]): void;
  onDone(t: Task, r: IngestRecord[]): void;
}

function workerUrl(): URL {
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  return new URL(`./worker${ext}`, import.meta.url);
}

/**
 * Starts a parser thread under the per-file memory budget (V8 heap limit, `maxWorkerMemoryMb`).
 * From TypeScript sources the thread first registers tsx, since loader hooks of the main thread do
 * not reach workers on Node 20.
 */
function startWorker(workerData: unknown, limits: Limits): Worker {
  const url = workerUrl();
  const resourceLimits = { maxOldGenerationSizeMb: limits.maxWorkerMemoryMb };
  if (!url.pathname.endsWith('.ts')) return new Worker(url, { workerData, resourceLimits });
  const tsx = import.meta.resolve('tsx/esm/api');
  const code = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(url.href)}); });`;
  return new Worker(code, { eval: true, workerData, resourceLimits });
}

interface Slot {
  worker: Worker;
  ready: boolean;
  seq: number;
  task: Task | null;
  timer: NodeJS.Timeout | null;
}

/**
 * Hands files to `n` worker threads, one at a time each; records are written as they arrive. Each
 * file runs under a budget: `maxFileSeconds` of wall time and the worker's heap limit. A worker
 * that overruns or dies costs one file: it is terminated, the file becomes a failed item with a
 * `limit-exceeded` (or `crashed`) failure naming the limit, a fresh worker takes the next file, and
 * the file is journalled as done so a re-run does not try it again.
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
    let failed = false;
    let finished = false;
    const slots: Slot[] = [];
    const fatal = (err: unknown) => {
      if (failed) return;
      failed = true;
      for (const s of slots) void s.worker.terminate();
      rejectPool(err);
    };
    const give = (slot: Slot) => {
      if (failed || !slot.ready) return;
      if (next >= tasks.length) {
        if (active === 0 && !finished) {
          finished = true;
          for (const s of slots) void s.worker.terminate();
          resolvePool();
        }
        return;
      }
      const seq = next++;
      slot.seq = seq;
      slot.task = tasks[seq]!;
      active++;
      slot.timer = setTimeout(() => overrun(slot, 'time'), limits.maxFileSeconds * 1000);
      slot.worker.postMessage({ seq, task: slot.task });
    };
    const finish = (slot: Slot, recs: IngestRecord[]) => {
      const task = slot.task!;
      if (slot.timer) clearTimeout(slot.timer);
      slot.task = null;
      slot.timer = null;
      active--;
      hooks.onDone(task, recs);
    };
    const overrun = (slot: Slot, why: 'time' | 'memory' | 'crash', detail?: string) => {
      if (!slot.task || failed) return;
      const task = slot.task;
      const old = slot.worker;
      void old.terminate();
      try {
        finish(slot, budgetFailureRecords(task, blobRoot, limits, why, detail));
      } catch (err) {
        fatal(err);
        return;
      }
      attach(slot);
    };
    const attach = (slot: Slot) => {
      const w = startWorker({ blobRoot, limits }, limits);
      slot.worker = w;
      slot.ready = false;
      const mine = () => slot.worker === w;
      w.on('message', (msg: Msg) => {
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
      w.on('error', (err: NodeJS.ErrnoException) => {
        if (!mine()) return;
        if (!slot.task) return fatal(err);
        overrun(slot, err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : 'crash', err.message);
      });
      w.on('exit', (code) => {
        if (!mine() || failed || finished) return;
        // A thread that ends on its own costs its file, if it had one, and is replaced.
        if (slot.task) overrun(slot, 'crash', `worker exited with code ${code}`);
        else attach(slot);
      });
    };
    for (let i = 0; i < n; i++) {
      const slot = { ready: false, seq: -1, task: null, timer: null } as unknown as Slot;
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
