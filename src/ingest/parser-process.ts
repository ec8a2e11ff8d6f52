import { BlobStore } from '../store/blob-store.js';
import { preloadPdfJs } from './documents/pdf.js';
import type { Limits } from './limits.js';
import { guardOrphan } from './orphan-guard.js';
import type { IngestRecord } from './records.js';
import { type FileTask, runFileTask } from './task.js';

/**
 * Parser child process (forked by `pool.ts`): parses files and writes blobs; the parent alone
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
  try {
    let pending: IngestRecord[] | null = null;
    await runFileTask(msg.task, limits!, blobs!, (recs) => {
      // Keep the last batch back so it can travel with 'done' and be committed with the journal.
      if (pending) send({ type: 'records', seq: msg.seq, recs: pending });
      pending = recs;
    });
    send({ type: 'done', seq: msg.seq, recs: pending ?? [] });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException)?.code;
    send({ type: 'error', seq: msg.seq, message: (err as Error)?.message ?? String(err), code });
  }
});
