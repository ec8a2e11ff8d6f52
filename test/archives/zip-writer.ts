import { crc32, deflateRawSync } from 'node:zlib';

/** One entry of a hand-built zip; every field a real writer would compute can be overridden to lie. */
export interface RawEntry {
  name: string | Buffer;
  data: Buffer;
  /** 0 stored, 8 deflate (default 8). */
  method?: number;
  /** General-purpose flags; bit 11 (0x800) = UTF-8 name, bit 0 = encrypted. Default: 0x800 for string names. */
  flags?: number;
  /** Bytes written as the file data instead of compressing `data` (e.g. fake ciphertext). */
  stored?: Buffer;
  declaredSize?: number;
  crc?: number;
}

/**
 * Writes a zip byte by byte (APPNOTE 4.3): local headers, data, central directory, EOCD. Tests use
 * it for what zip libraries refuse to write: traversal names, legacy-encoded names, encrypted
 * flags, lying sizes. `centralOffsets` lets a test point directory records anywhere (overlap bombs).
 * @example const zip = writeZip([{ name: '../evil.txt', data: Buffer.from('x') }]);
 */
export function writeZip(
  entries: RawEntry[],
  opts: { centralOffsets?: number[]; noCentral?: boolean } = {},
): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  entries.forEach((e, i) => {
    const name = typeof e.name === 'string' ? Buffer.from(e.name, 'utf8') : e.name;
    const method = e.method ?? 8;
    const flags = e.flags ?? (typeof e.name === 'string' ? 0x800 : 0);
    const body = e.stored ?? (method === 8 ? deflateRawSync(e.data) : e.data);
    const crc = e.crc ?? crc32(e.data) >>> 0;
    const size = e.declaredSize ?? e.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(flags, 8);
    cd.writeUInt16LE(method, 10);
    cd.writeUInt32LE(crc, 16);
    cd.writeUInt32LE(body.length, 20);
    cd.writeUInt32LE(size, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE(opts.centralOffsets?.[i] ?? offset, 42);
    central.push(cd, name);
    parts.push(local, name, body);
    offset += 30 + name.length + body.length;
  });
  if (opts.noCentral) return Buffer.concat(parts);
  const cdBuf = Buffer.concat(central);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cdBuf.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cdBuf, eocd]);
}

/**
 * A small overlapping-entry bomb in the style of Fifield's: one deflated kernel of zeros, and
 * `n` central-directory records that all point at the same local header.
 */
export function overlapBomb(n: number, kernelBytes: number): Buffer {
  const kernel = { name: 'kernel.bin', data: Buffer.alloc(kernelBytes) };
  const base = writeZip([kernel], { noCentral: true });
  const entries = Array.from({ length: n }, (_, i) => ({ ...kernel, name: `file${i}.bin` }));
  const full = writeZip(entries, { centralOffsets: entries.map(() => 0) });
  // Keep only the first local header + data, then the directory records (all pointing at offset 0).
  const firstLen = base.length;
  const cdStart = full.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
  const cd = full.subarray(cdStart, full.length - 22);
  const eocd = Buffer.from(full.subarray(full.length - 22));
  eocd.writeUInt32LE(firstLen, 16);
  return Buffer.concat([base, cd, eocd]);
}
