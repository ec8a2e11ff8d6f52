import { crc32, inflateRawSync } from 'node:zlib';
import type { ChildFailure, ChildOut, IngestInput } from '../ingestor.js';
import { capFailure, entryCap } from './budget.js';
import type { ZipEntryInfo } from './zip-directory.js';
import { dataStart } from './zip-local.js';

/** Compression methods we inflate (APPNOTE 4.4.5): 0 stored, 8 deflate. */
const STORED = 0;
const DEFLATE = 8;
const METHOD_NAMES: Record<number, string> = {
  9: 'deflate64',
  12: 'bzip2',
  14: 'lzma',
  93: 'zstd',
  95: 'xz',
  98: 'ppmd',
  99: 'AES',
};

type Out = ChildOut | ChildFailure;

/**
 * Extracts one zip entry, or says exactly why not. Encrypted entries (general-purpose bit 0,
 * APPNOTE 4.4.4) and unsupported methods keep their raw stored bytes as the failure's blob; a
 * declared or actual size over the entry's cap stops inflation (zlib `maxOutputLength`); a CRC or
 * size that disagrees with the central directory is a second, separate failure record beside the
 * extracted child.
 * @example for (const c of extractZipEntry(input, buf, entry, '!/a.eml', 'a.eml')) yield c;
 */
export function extractZipEntry(
  input: IngestInput,
  data: Buffer,
  e: ZipEntryInfo,
  suffix: string,
  name: string,
): Out[] {
  const start = dataStart(data, e.localOffset);
  const where = `${input.provenance}${suffix}`;
  if (start === null)
    return [fail(suffix, name, 'corrupt', `${where}: no local file header at offset ${e.localOffset}`)];
  const end = start + e.compressedSize;
  if (end > data.length) {
    const raw = data.subarray(start, data.length);
    return [
      fail(
        suffix,
        name,
        'truncated',
        `${where}: archive ends ${end - data.length} bytes before this entry's data does`,
        raw,
      ),
    ];
  }
  const raw = data.subarray(start, end);
  if (e.flags & 0x01) {
    return [
      fail(
        suffix,
        name,
        'encrypted',
        `${where}: entry is encrypted (zip flag bit 0${e.method === 99 ? ', AES' : ''}); compressed bytes kept`,
        raw,
      ),
    ];
  }
  if (e.method !== STORED && e.method !== DEFLATE) {
    const m = METHOD_NAMES[e.method] ?? `method ${e.method}`;
    return [
      fail(
        suffix,
        name,
        'unsupported',
        `${where}: compression ${m} is not supported; compressed bytes kept`,
        raw,
      ),
    ];
  }
  const cap = entryCap(input, e.compressedSize, e.method === DEFLATE);
  if (e.method === STORED && raw.length > cap.bytes)
    return [capFailure(input, suffix, name, cap, `stored size ${raw.length}`, raw)];
  if (e.uncompressedSize > cap.bytes)
    return [capFailure(input, suffix, name, cap, `declared size ${e.uncompressedSize}`, raw)];
  let out: Buffer;
  try {
    out = e.method === STORED ? raw : inflateRawSync(raw, { maxOutputLength: Math.max(1, cap.bytes) });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') return [capFailure(input, suffix, name, cap, 'inflated data', raw)];
    return truncatedOrCorrupt(raw, suffix, name, where, err as Error);
  }
  const results: Out[] = [{ data: out, name, provenanceSuffix: suffix }];
  const problem = checkIntegrity(e, out);
  if (problem) results.push(fail(suffix, name, 'corrupt', `${where}: ${problem}; extracted bytes kept`));
  return results;
}

function checkIntegrity(e: ZipEntryInfo, out: Buffer): string | null {
  if (out.length !== e.uncompressedSize)
    return `inflated to ${out.length} bytes but the directory declares ${e.uncompressedSize}`;
  const crc = crc32(out) >>> 0;
  if (crc !== e.crc32 >>> 0) return `CRC-32 ${hex(crc)} does not match the declared ${hex(e.crc32)}`;
  return null;
}

/** A deflate stream that ends early is a truncated entry; anything else is corrupt data. */
function truncatedOrCorrupt(raw: Buffer, suffix: string, name: string, where: string, err: Error): Out[] {
  if (/unexpected end/i.test(err.message)) {
    return [fail(suffix, name, 'truncated', `${where}: deflate data ends early; compressed bytes kept`, raw)];
  }
  return [
    fail(suffix, name, 'corrupt', `${where}: cannot inflate (${err.message}); compressed bytes kept`, raw),
  ];
}

function fail(suffix: string, name: string, reason: string, message: string, data?: Buffer): ChildFailure {
  return { provenanceSuffix: suffix, name, reason, message, data };
}

function hex(n: number): string {
  return (n >>> 0).toString(16).padStart(8, '0');
}
