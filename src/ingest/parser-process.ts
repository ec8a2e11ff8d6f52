import { BlobStore } from '../store/blob-store.js';
import { preloadPdfJs } from './documents/pdf.js';
import type { Limits } from './limits.js';
import { guardOrphan } from './orphan-guard.js';
import type { IngestRecord } from './records.js';
import { type FileTask, runFileTask } from './task.js';

/**
 * Parser child process (forked by `pool.ts`): parses files, one at a time, and writes blobs; the parent alone
 * writes SQLite. A separate process, not a thread, so that a V8 out-of-memory abort, a native
 * crash or a kill ends this process only and costs its one file.
 */
type Init = { type: 'init'; blobRoot: string; limits: Limits };
type Job = { type: 'task'; seq: number; task: FileTask };

let blobs: BlobStore | null = null;
let limits: Limits | null = null;

const send = (msg: unknown) => process.send?.(msg);

/** Ends with the parent: a closed IPC channel means the ingest is over (or was killed). */
process.on('disconnect', () => process.exit(0));
guardOrphan();

/**
 * The files the pool has sent, parsed one after the other: the pool queues the next ones here, so
 * a file starts as soon as the previous one ends. `done` and `error` say when that was (CPU
 * seconds of this process, and the clock): the next file's budget counts from there.
 */
const jobs: Job[] = [];
let busy = false;

process.on('message', async (msg: Init | Job) => {
  if (msg.type === 'init') {
    blobs = new BlobStore(msg.blobRoot);
    limits = msg.limits;
    await preloadPdfJs();
    // The pool starts a file's time budget only once the process has loaded (tsx start-up and
    // pdf.js take seconds on a loaded machine).
    send({ type: 'ready', seq: -1 });
    return;
  }
  jobs.push(msg);
  if (!busy) void drain();
});

async function drain(): Promise<void> {
  busy = true;
  while (jobs.length) await parse(jobs.shift()!);
  busy = false;
}

function ended(): { cpu: number; at: number } {
  const u = process.cpuUsage();
  return { cpu: (u.user + u.system) / 1e6, at: Date.now() };
}

async function parse(job: Job): Promise<void> {
  try {
    let pending: IngestRecord[] | null = null;
    await runFileTask(job.task, limits!, blobs!, (recs) => {
      // Keep the last batch back so it can travel with 'done' and be committed with the journal.
      if (pending) send({ type: 'records', seq: job.seq, recs: pending });
      pending = recs;
    });
    send({ type: 'done', seq: job.seq, recs: pending ?? [], ...ended() });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException)?.code;
    send({ type: 'error', seq: job.seq, message: (err as Error)?.message ?? String(err), code, ...ended() });
  }
}
