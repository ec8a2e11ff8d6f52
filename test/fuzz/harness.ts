import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_LIMITS, type Limits } from '../../src/ingest/limits.js';
import { processNode } from '../../src/ingest/process.js';
import type { IngestRecord } from '../../src/ingest/records.js';
import { pickImporter } from '../../src/social/import/index.js';
import { BlobStore } from '../../src/store/blob-store.js';
import { mulberry32 } from '../../src/util/mulberry32.js';
import type { Target } from './targets.js';

/**
 * The property every parser must hold on any bytes: it returns records (maybe failures with a
 * reason the parser chose), never throws, never records the catch-all `error` reason that marks
 * an exception the parser did not expect; and it ends. `crash` names what broke the property.
 */
export interface Outcome {
  crash: string | null;
  ms: number;
  records: number;
}

/** Limits for fuzzing: the real ones, with the budgets small enough to make a run short. */
export const FUZZ_LIMITS: Limits = { ...DEFAULT_LIMITS, maxPdfPages: 50, maxArchiveEntries: 2_000 };

export class Workspace {
  readonly dir = mkdtempSync(join(tmpdir(), 'leaklens-fuzz-'));
  readonly blobs = new BlobStore(join(this.dir, 'blobs'));
  close(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export async function runTarget(t: Target, data: Buffer, ws: Workspace): Promise<Outcome> {
  const t0 = performance.now();
  try {
    const r =
      t.kind === 'ingest' ? await ingestOnce(t.file, data, ws) : await importOnce(t.file, t.format, data, ws);
    return { ...r, ms: performance.now() - t0 };
  } catch (err) {
    return { crash: `threw ${(err as Error)?.stack ?? String(err)}`, records: 0, ms: performance.now() - t0 };
  }
}

async function ingestOnce(name: string, data: Buffer, ws: Workspace): Promise<Omit<Outcome, 'ms'>> {
  const recs: IngestRecord[] = [];
  await processNode(
    { data, name, provenance: name, parentId: null, depth: 0 },
    {
      limits: FUZZ_LIMITS,
      blobs: ws.blobs,
      emit: (r) => void recs.push(r),
      source: name,
      expanded: { bytes: 0 },
    },
  );
  const bad = recs.find((r) => r.t === 'failure' && r.reason === 'error');
  return {
    crash: bad && bad.t === 'failure' ? `unexpected error: ${bad.message}` : null,
    records: recs.length,
  };
}

/**
 * Importers may refuse a whole file by throwing an Error with a message (the import turns it into
 * an `unreadable` failure); what they may not do is fail with a programming error.
 */
async function importOnce(
  file: string,
  format: string,
  data: Buffer,
  ws: Workspace,
): Promise<Omit<Outcome, 'ms'>> {
  const path = join(ws.dir, file);
  writeFileSync(path, data);
  const imp = pickImporter(path, { format });
  if (!imp) return { crash: `no importer for ${format}`, records: 0 };
  let records = 0;
  try {
    for await (const b of imp.read(path)) records += b.posts.length + b.failures.length;
  } catch (err) {
    if (err instanceof TypeError || err instanceof RangeError || err instanceof ReferenceError)
      return { crash: `importer bug: ${err.stack ?? err.message}`, records };
  }
  return { crash: null, records };
}

/** A deterministic mutation of `seed`: byte edits, a cut, a spliced or repeated slice. */
export function mutate(seed: Buffer, rnd: () => number): Buffer {
  let b = Buffer.from(seed);
  const pick = (n: number) => Math.floor(rnd() * n);
  const ops = 1 + pick(4);
  for (let i = 0; i < ops && b.length; i++) {
    const op = pick(6);
    if (op <= 1) for (let k = 0, n = 1 + pick(16); k < n; k++) b[pick(b.length)] = pick(256);
    else if (op === 2) b = b.subarray(0, pick(b.length + 1));
    else if (op === 3) {
      const at = pick(b.length);
      const len = pick(Math.min(4096, b.length - at) + 1);
      const slice = b.subarray(at, at + len);
      const to = pick(b.length);
      b = Buffer.concat([b.subarray(0, to), slice, slice, b.subarray(to)]);
    } else if (op === 4) {
      // Interesting integers where sizes and offsets live: 0, -1, huge, just over a boundary.
      const v = [0, 0xffffffff, 0x7fffffff, 0x80000000, 1, 0xfffffffe][pick(6)]!;
      if (b.length >= 4) b.writeUInt32LE(v >>> 0, pick(b.length - 3));
    } else {
      const at = pick(b.length);
      b = Buffer.concat([b.subarray(0, at), b.subarray(at + pick(64))]);
    }
  }
  return b;
}

/** mulberry32: a small seeded PRNG, so a run is replayable from its seed. */
export const prng = mulberry32;
