import type { Candidate, IngestInput, IngestOutput, Ingestor } from '../ingestor.js';
import { IngestError } from '../ingestor.js';
import { entryCap } from './budget.js';
import { type Bounded, gunzipBounded } from './gunzip-bounded.js';
import { hasMagic } from './notes.js';
import { type Decoded, innerName, singleStreamOutput } from './single-stream.js';

/** RFC 1952 §2.3.1: ID1 ID2 and CM = 8 (deflate). */
const GZIP_MAGIC = [0x1f, 0x8b, 0x08];

/**
 * gzip files (`.gz`, `.tgz`; RFC 1952), concatenated members included. The one child is the
 * decompressed file, `x.mbox.gz!/x.mbox`; a `.tgz` yields `x.tar`, which the tar ingestor opens.
 * Inflation streams with a running size and ratio check (gunzip-bounded.ts), so a gzip bomb stops
 * at the limit instead of after inflating to it.
 * @example await gzipIngestor.ingest(input) // Folder { format: 'gz' } with child '!/dump.tar'
 */
export const gzipIngestor: Ingestor = {
  name: 'gzip',
  mimeTypes: ['application/gzip', 'application/x-gzip'],
  extensions: ['gz', 'tgz', 'gzip'],
  score(c: Candidate): number {
    if (hasMagic(c.head, GZIP_MAGIC)) return 55;
    return ['gz', 'tgz', 'gzip'].includes(c.ext) ? 20 : 0;
  },
  async ingest(input: IngestInput): Promise<IngestOutput> {
    const { data } = input;
    if (data.length === 0)
      throw new IngestError('empty', `${input.provenance}: zero-byte file named as gzip`);
    if (!hasMagic(data, GZIP_MAGIC))
      throw new IngestError('corrupt', `${input.provenance}: not a gzip stream (no 1f 8b 08 header)`);
    const name = innerName(input.name, ['gz', 'gzip', 'z'], { tgz: 'tar' }, storedName(data));
    const cap = entryCap(input, data.length, true);
    const res = await gunzipBounded(data, Math.max(1, cap.bytes), input.limits.maxCompressionRatio);
    const named = 'overCap' in res && res.byRatio ? { ...cap, limit: 'maxCompressionRatio' as const } : cap;
    return singleStreamOutput(input, 'gz', 'application/gzip', name, named, toDecoded(res));
  },
};

function toDecoded(r: Bounded): Decoded {
  if ('ok' in r) return { ok: r.ok };
  if ('overCap' in r) return { overCap: true };
  if ('corrupt' in r) return { corrupt: r.corrupt };
  return { truncated: r.truncated, error: r.error };
}

/** RFC 1952 §2.3.1 FNAME: a zero-terminated Latin-1 name after the 10-byte header (and FEXTRA). */
function storedName(d: Buffer): string | undefined {
  const flg = d[3] ?? 0;
  if (!(flg & 0x08)) return undefined;
  let p = 10;
  if (flg & 0x04) p += 2 + d.readUInt16LE(Math.min(p, d.length - 2));
  const end = d.indexOf(0, p);
  return end > p ? d.toString('latin1', p, end) : undefined;
}
