import { createHash } from 'node:crypto';
import type { ChildFailure, ChildOut, IngestInput, IngestOutput } from '../../src/ingest/ingestor.js';
import { IngestError, isChildFailure } from '../../src/ingest/ingestor.js';
import { DEFAULT_LIMITS, type Limits } from '../../src/ingest/limits.js';

/** An IngestInput for calling an ingestor directly, as the manager would. */
export function inputOf(data: Buffer, name: string, limits: Partial<Limits> = {}, expanded = 0): IngestInput {
  return {
    data,
    name,
    provenance: name,
    sha256: createHash('sha256').update(data).digest('hex'),
    depth: 0,
    limits: { ...DEFAULT_LIMITS, ...limits },
    expandedBytes: () => expanded,
  };
}

export interface Collected {
  out: IngestOutput;
  error: IngestError | null;
  ok: ChildOut[];
  failed: ChildFailure[];
}

/** Runs an ingestor and drains its children; an IngestError with a partial result is kept, not thrown. */
export async function collect(run: () => Promise<IngestOutput>): Promise<Collected> {
  let out: IngestOutput;
  let error: IngestError | null = null;
  try {
    out = await run();
  } catch (e) {
    if (!(e instanceof IngestError) || !e.partial) throw e;
    error = e;
    out = e.partial;
  }
  const ok: ChildOut[] = [];
  const failed: ChildFailure[] = [];
  for await (const c of (out.children ?? []) as AsyncIterable<ChildOut | ChildFailure>) {
    if (isChildFailure(c)) failed.push(c);
    else ok.push(c);
  }
  return { out, error, ok, failed };
}

export function sha(b: Uint8Array): string {
  return createHash('sha256').update(b).digest('hex');
}
