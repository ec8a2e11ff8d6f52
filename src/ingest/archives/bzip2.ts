import Bunzip from 'seek-bzip';
import type { Candidate, IngestInput, IngestOutput, Ingestor } from '../ingestor.js';
import { IngestError } from '../ingestor.js';
import { entryCap } from './budget.js';
import { RUNNING_RATIO_FLOOR } from './gunzip-bounded.js';
import { hasMagic } from './notes.js';
import { type Decoded, innerName, singleStreamOutput } from './single-stream.js';

/** bzip2 stream header: "BZh" and a block size digit 1–9. */
const BZH = [0x42, 0x5a, 0x68];

/**
 * bzip2 files (`.bz2`, `.tbz2`), multistream included, decoded with the pure-JS seek-bzip. The
 * output is written into a buffer that refuses to grow past the entry cap, so a bzip2 bomb stops
 * at the limit; a stream cut short keeps whatever decoded before the cut.
 * @example await bzip2Ingestor.ingest(input) // Folder { format: 'bz2' } with child '!/x.mbox'
 */
export const bzip2Ingestor: Ingestor = {
  name: 'bzip2',
  mimeTypes: ['application/x-bzip2'],
  extensions: ['bz2', 'tbz2', 'tbz'],
  score(c: Candidate): number {
    const digit = c.head[3] ?? 0;
    if (hasMagic(c.head, BZH) && digit >= 0x31 && digit <= 0x39) return 55;
    return ['bz2', 'tbz2', 'tbz'].includes(c.ext) ? 20 : 0;
  },
  async ingest(input: IngestInput): Promise<IngestOutput> {
    const { data } = input;
    if (data.length === 0)
      throw new IngestError('empty', `${input.provenance}: zero-byte file named as bzip2`);
    if (!hasMagic(data, BZH))
      throw new IngestError('corrupt', `${input.provenance}: not a bzip2 stream (no BZh header)`);
    const name = innerName(input.name, ['bz2', 'bzip2'], { tbz2: 'tar', tbz: 'tar' });
    const cap = entryCap(input, data.length, true);
    const res = bunzip(data, cap.bytes, input.limits.maxCompressionRatio);
    const named = res.byRatio ? { ...cap, limit: 'maxCompressionRatio' as const } : cap;
    return singleStreamOutput(input, 'bz2', 'application/x-bzip2', name, named, res);
  },
};

class OverCap extends Error {
  constructor(readonly byRatio = false) {
    super('over cap');
  }
}
class EndOfInput extends Error {}

function bunzip(data: Buffer, cap: number, maxRatio: number): Decoded & { byRatio?: boolean } {
  let pos = 0;
  const out = new CappedOutput(cap, () => pos, maxRatio);
  const input = {
    readByte: () => {
      if (pos >= data.length) throw new EndOfInput('unexpected end of data');
      return data[pos++]!;
    },
    read: (buf: Uint8Array, off: number, len: number) => {
      if (pos >= data.length) throw new EndOfInput('unexpected end of data');
      const n = Math.min(len, data.length - pos);
      buf.set(data.subarray(pos, pos + n), off);
      pos += n;
      return n;
    },
    seek: (p: number) => {
      pos = p;
    },
    eof: () => pos >= data.length,
  };
  try {
    Bunzip.decode(input, out, true);
    return { ok: out.result() };
  } catch (err) {
    if (err instanceof OverCap) return { overCap: true, byRatio: err.byRatio };
    if (err instanceof EndOfInput) return { truncated: out.result(), error: err.message };
    return { corrupt: (err as Error).message ?? String(err) };
  }
}

/** seek-bzip output stream (`writeByte`) backed by a doubling buffer with a hard ceiling. */
class CappedOutput {
  private buf = Buffer.allocUnsafe(64 * 1024);
  private pos = 0;
  constructor(
    private readonly cap: number,
    private readonly consumed: () => number,
    private readonly maxRatio: number,
  ) {}
  writeByte(b: number): void {
    if (this.pos >= this.cap) throw new OverCap();
    if (this.pos >= this.buf.length) {
      // Running ratio check at each growth (gunzip-bounded.ts): stop a bomb early, not at the cap.
      if (this.pos > RUNNING_RATIO_FLOOR && this.pos > this.maxRatio * this.consumed())
        throw new OverCap(true);
      const next = Buffer.allocUnsafe(Math.min(this.cap, this.buf.length * 2));
      this.buf.copy(next, 0, 0, this.pos);
      this.buf = next;
    }
    this.buf[this.pos++] = b;
  }
  write(b: Uint8Array, off: number, len: number): number {
    for (let i = 0; i < len; i++) this.writeByte(b[off + i]!);
    return len;
  }
  flush(): void {}
  result(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.pos));
  }
}
