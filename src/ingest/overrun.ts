import { readFileSync } from 'node:fs';
import { makeId, sha256 } from '../model/ids.js';
import { BlobStore } from '../store/blob-store.js';
import { sniffMime } from './documents/sniff.js';
import type { Limits } from './limits.js';
import type { IngestRecord } from './records.js';
import type { FileTask } from './task.js';

/** Which budget a file broke: CPU time, wall time, V8 heap, resident memory, or its process died otherwise. */
export type BudgetBreach = 'time' | 'wall' | 'memory' | 'rss' | 'crash';

/**
 * The records for a file whose parser process overran its budget or died: the original is still kept (a
 * failed Document item with its bytes) and the failure names the limit, so `errors` and `stats`
 * show it and the user can raise the limit and ingest that one file again.
 */
export function budgetFailureRecords(
  task: FileTask,
  blobRoot: string,
  limits: Limits,
  why: BudgetBreach,
  detail?: string,
): IngestRecord[] {
  const message = `${task.provenance}: ${BREACH[why](limits, detail)}`;
  const failure: IngestRecord = {
    t: 'failure',
    provenance: task.provenance,
    sha256: null,
    reason: why === 'crash' ? 'crashed' : 'limit-exceeded',
    message,
    stage: 'ingest',
  };
  let data: Buffer;
  try {
    data = readFileSync(task.path);
  } catch {
    return [failure];
  }
  const sha = sha256(data);
  new BlobStore(blobRoot).put(sha, data);
  const mime = sniffMime(data.subarray(0, 64), undefined, task.name);
  const id = makeId('Document', sha);
  return [
    { t: 'blob', sha256: sha, size: data.length, mime },
    {
      t: 'item',
      id,
      kind: 'Document',
      sha256: sha,
      size: data.length,
      mime,
      name: task.name,
      status: 'failed',
      provenance: task.provenance,
      parentId: task.parentId,
      source: task.path,
      document: { filename: task.name, mime, text: '', language: null, metadata: {} },
    },
    { t: 'location', itemId: id, provenance: task.provenance, parentId: task.parentId },
    { ...failure, sha256: sha },
  ];
}

const BREACH: Record<BudgetBreach, (l: Limits, detail?: string) => string> = {
  time: (l) =>
    `parsing used more than ${l.maxFileSeconds} s of CPU time (maxFileSeconds); stopped, file kept unparsed`,
  wall: (l, limit) =>
    `parsing took longer than ${limit === 'maxFileSeconds' ? l.maxFileSeconds : l.maxFileWallSeconds} s (${limit}); stopped, file kept unparsed`,
  memory: (l) =>
    `parsing needed more than ${l.maxWorkerMemoryMb} MB of memory (maxWorkerMemoryMb); stopped, file kept unparsed`,
  rss: (l) =>
    `parsing needed more than ${l.maxWorkerRssMb} MB of resident memory (maxWorkerRssMb); stopped, file kept unparsed`,
  crash: (_, detail) => `the parser process died (${detail || 'no detail'}); file kept unparsed`,
};
