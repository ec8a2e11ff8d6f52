import { readFileSync } from 'node:fs';
import type { BlobStore } from '../store/blob-store.js';
import { withoutNul } from '../util/nul.js';
import type { Limits } from './limits.js';
import { processNode } from './process.js';
import type { IngestRecord } from './records.js';

/** One top-level input file to ingest. */
export interface FileTask {
  path: string;
  name: string;
  provenance: string;
  parentId: string | null;
  size: number;
}

/**
 * Ingests one top-level file, handing records to `emit` in batches. Shared by the in-process path
 * and the parser processes, so both produce exactly the same records.
 */
export async function runFileTask(
  task: FileTask,
  limits: Limits,
  blobs: BlobStore,
  flush: (recs: IngestRecord[]) => void | Promise<void>,
  batchSize = 1000,
): Promise<void> {
  let batch: IngestRecord[] = [];
  const emit = async (rec: IngestRecord) => {
    batch.push(withoutNul(rec));
    if (batch.length >= batchSize) {
      const b = batch;
      batch = [];
      await flush(b);
    }
  };
  if (task.size > limits.maxFileBytes) {
    await emit({
      t: 'failure',
      provenance: task.provenance,
      sha256: null,
      reason: 'limit-exceeded',
      message: `${task.provenance}: ${task.size} bytes is larger than maxFileBytes (${limits.maxFileBytes}); not read`,
      stage: 'ingest',
    });
  } else {
    let data: Buffer | null = null;
    try {
      data = readFileSync(task.path);
    } catch (err) {
      await emit({
        t: 'failure',
        provenance: task.provenance,
        sha256: null,
        reason: 'unreadable',
        message: `${task.provenance}: file cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); not ingested`,
        stage: 'ingest',
      });
    }
    if (data) {
      await processNode(
        { data, name: task.name, provenance: task.provenance, parentId: task.parentId, depth: 0 },
        { limits, blobs, emit, source: task.path, expanded: { bytes: 0 } },
      );
    }
  }
  await flush(batch);
}
