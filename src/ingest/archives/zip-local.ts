import type { ZipEntryInfo } from './zip-directory.js';

const LOCAL_SIG = 0x04034b50;
/** Data descriptor signature `PK\x07\x08` (APPNOTE 4.3.9.3; optional but written by every common tool). */
const DESCRIPTOR_SIG = Buffer.from([0x50, 0x4b, 0x07, 0x08]);

/** Where an entry's file data starts: after its 30-byte local header, name and extra field (APPNOTE 4.3.7). */
export function dataStart(data: Buffer, localOffset: number): number | null {
  if (localOffset + 30 > data.length || data.readUInt32LE(localOffset) !== LOCAL_SIG) return null;
  return localOffset + 30 + data.readUInt16LE(localOffset + 26) + data.readUInt16LE(localOffset + 28);
}

/**
 * Finds entries whose stored bytes overlap another entry's: the "better zip bomb" (Fifield, WOOT
 * 2019) makes thousands of central-directory records point into one shared compressed kernel, so
 * the archive inflates to terabytes while each entry looks ordinary. Legitimate writers never
 * overlap [local header, end of data). Returns the indexes of every entry involved.
 */
export function overlappingEntries(data: Buffer, entries: ZipEntryInfo[]): Set<number> {
  const spans = entries
    .map((e, i) => ({
      i,
      start: e.localOffset,
      end: (dataStart(data, e.localOffset) ?? e.localOffset + 30) + e.compressedSize,
    }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  const bad = new Set<number>();
  let prev: (typeof spans)[number] | undefined;
  for (const s of spans) {
    if (prev && s.start < prev.end) {
      bad.add(prev.i);
      bad.add(s.i);
    }
    if (!prev || s.end > prev.end) prev = s;
  }
  return bad;
}

/**
 * Recovers entries of a zip whose central directory is missing (a truncated download) by walking
 * local headers from the start. Sizes come from the local header, or for streamed entries (flag
 * bit 3) from the data descriptor that follows; the walk stops where neither is found.
 * @example const { entries, stoppedAt } = scanLocalHeaders(truncatedZip);
 */
export function scanLocalHeaders(
  data: Buffer,
  maxEntries: number,
): { entries: ZipEntryInfo[]; stoppedAt: number } {
  const entries: ZipEntryInfo[] = [];
  let pos = 0;
  while (pos + 30 <= data.length && data.readUInt32LE(pos) === LOCAL_SIG && entries.length < maxEntries) {
    const flags = data.readUInt16LE(pos + 6);
    const nameLen = data.readUInt16LE(pos + 26);
    const start = pos + 30 + nameLen + data.readUInt16LE(pos + 28);
    if (start > data.length) break;
    let compressedSize = data.readUInt32LE(pos + 18);
    let uncompressedSize = data.readUInt32LE(pos + 22);
    let crc32 = data.readUInt32LE(pos + 14);
    let next = start + compressedSize;
    if (flags & 0x08) {
      const d = findDescriptor(data, start);
      if (!d) {
        compressedSize = data.length - start;
        next = data.length;
      } else {
        ({ compressedSize, uncompressedSize, crc32 } = d);
        next = d.next;
      }
    }
    const e: ZipEntryInfo = {
      rawName: data.subarray(pos + 30, pos + 30 + nameLen),
      flags,
      method: data.readUInt16LE(pos + 8),
      compressedSize,
      uncompressedSize,
      localOffset: pos,
      crc32,
      unicodePath: null,
    };
    entries.push(e);
    pos = next;
  }
  return { entries, stoppedAt: pos };
}

function findDescriptor(data: Buffer, from: number) {
  let at = data.indexOf(DESCRIPTOR_SIG, from);
  while (at >= 0 && at + 16 <= data.length) {
    const compressedSize = data.readUInt32LE(at + 8);
    if (from + compressedSize === at) {
      return {
        crc32: data.readUInt32LE(at + 4),
        compressedSize,
        uncompressedSize: data.readUInt32LE(at + 12),
        next: at + 16,
      };
    }
    at = data.indexOf(DESCRIPTOR_SIG, at + 1);
  }
  return null;
}
