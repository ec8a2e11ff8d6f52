/**
 * Verification thread: reads an e-mail's original bytes from the blob store and verifies it with
 * the keys it was given; the main thread alone writes SQLite. Offline only (no --dns in threads).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { BlobStore } from '../store/blob-store.js';
import { memoryKeys } from './key-archive.js';
import { verifyMessage } from './message.js';
import type { KeyCandidate } from './types.js';

const data = workerData as { blobRoot: string; keys: KeyCandidate[]; dateToleranceMinutes?: number };
const blobs = new BlobStore(data.blobRoot);
const keys = memoryKeys(data.keys);

parentPort?.on('message', async (job: { seq: number; sha256: string }) => {
  let raw: Buffer;
  try {
    raw = blobs.get(job.sha256);
  } catch (err) {
    parentPort?.postMessage({ seq: job.seq, reason: 'missing-blob', error: (err as Error).message });
    return;
  }
  try {
    const v = await verifyMessage(raw, { keys, dateToleranceMinutes: data.dateToleranceMinutes });
    parentPort?.postMessage({ seq: job.seq, v });
  } catch (err) {
    parentPort?.postMessage({ seq: job.seq, reason: 'verify-error', error: (err as Error).message });
  }
});
