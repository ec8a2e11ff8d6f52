import { parentPort, workerData } from 'node:worker_threads';
import { BlobStore } from '../store/blob-store.js';
import type { Limits } from './limits.js';
import type { IngestRecord } from './records.js';
import { type FileTask, runFileTask } from './task.js';

/** Worker thread: parses files and writes blobs; the main thread alone writes SQLite. */
const { blobRoot, limits } = workerData as { blobRoot: string; limits: Limits };
const blobs = new BlobStore(blobRoot);

/** The pool starts a file's time budget only once the thread has loaded (tsx start-up is slow). */
parentPort?.postMessage({ type: 'ready', seq: -1 });

parentPort?.on('message', async (msg: { seq: number; task: FileTask }) => {
  try {
    let pending: IngestRecord[] | null = null;
    await runFileTask(msg.task, limits, blobs, (recs) => {
      // Keep the last batch back so it can travel with 'done' and be committed with the journal.
      if (pending) parentPort?.postMessage({ type: 'records', seq: msg.seq, recs: pending });
      pending = recs;
    });
    parentPort?.postMessage({ type: 'done', seq: msg.seq, recs: pending ?? [] });
  } catch (err) {
    parentPort?.postMessage({ type: 'error', seq: msg.seq, message: (err as Error)?.message ?? String(err) });
  }
});
