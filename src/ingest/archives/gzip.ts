import { constants, gunzipSync } from 'node:zlib';
import type { Candidate, IngestInput, IngestOutput, Ingestor } from '../ingestor.js';
import { IngestError } from '../ingestor.js';
import { entryCap } from './budget.js';
import { hasMagic } from './notes.js';
import { type Decoded, innerName, singleStreamOutput } from './single-stream.js';

/** RFC 1952 §2.3.1: ID1 ID2 and CM = 8 (deflate). */
const GZIP_MAGIC = [0x1f, 0x8b, 0x08];

/**
 * gzip files (`.gz`, `.tgz`; RFC 1952), concatenated members included. The one child is the
 * decompressed file, `x.mbox.gz!/x.mbox`; a `.tgz` yields `x.tar`, which the tar ingestor opens.
 * Inflation stops at the entry cap (zlib `maxOutputLength`), so a gzip bomb costs no memory.
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
    return singleStreamOutput(input, 'gz', 'application/gzip', name, cap, gunzip(data, cap.bytes));
  },
};

function gunzip(data: Buffer, cap: number): Decoded {
  try {
    return { ok: gunzipSync(data, { maxOutputLength: Math.max(1, cap) }) };
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ERR_BUFFER_TOO_LARGE') return { overCap: true };
    if (e.code !== 'Z_BUF_ERROR' && !/unexpected end/i.test(e.message)) return { corrupt: e.message };
    // Z_SYNC_FLUSH returns what inflated before the cut instead of throwing (Node zlib docs).
    try {
      return {
        truncated: gunzipSync(data, {
          maxOutputLength: Math.max(1, cap),
          finishFlush: constants.Z_SYNC_FLUSH,
        }),
        error: e.message,
      };
    } catch {
      return { truncated: null, error: e.message };
    }
  }
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
