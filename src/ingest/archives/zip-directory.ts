import yauzl from 'yauzl';

/** One central-directory record, names still as raw bytes (decoded by entry-names.ts). */
export interface ZipEntryInfo {
  rawName: Buffer;
  flags: number;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localOffset: number;
  crc32: number;
  /** Info-ZIP Unicode Path extra field (0x7075) payload, when present. */
  unicodePath: Buffer | null;
}

export interface ZipDirectory {
  entries: ZipEntryInfo[];
  /** Entry count the end-of-central-directory record declares. */
  declared: number;
  /** Why reading stopped early (corrupt record, entry limit), or null. */
  error: string | null;
}

/**
 * Reads the central directory with yauzl (EOCD search, ZIP64, comments), without decoding names
 * (`decodeStrings: false`: yauzl would otherwise reject `../` names, which we keep and normalise)
 * and without reading any file data. At most `maxEntries` records are read.
 * Rejects when no end-of-central-directory record is found (not a zip, or truncated).
 * @example const dir = await readZipDirectory(buf, 200_000);
 */
export function readZipDirectory(data: Buffer, maxEntries: number): Promise<ZipDirectory> {
  return new Promise((resolve, reject) => {
    const opts = { lazyEntries: true, decodeStrings: false, validateEntrySizes: false, autoClose: true };
    yauzl.fromBuffer(data, opts, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('no zip'));
      const entries: ZipEntryInfo[] = [];
      const done = (error: string | null) => {
        zip.removeAllListeners();
        zip.on('error', () => {});
        zip.close();
        resolve({ entries, declared: zip.entryCount, error });
      };
      zip.on('entry', (e: yauzl.Entry) => {
        entries.push(toInfo(e));
        if (entries.length >= maxEntries && entries.length < zip.entryCount) {
          return done(`stopped after ${maxEntries} of ${zip.entryCount} entries (maxArchiveEntries)`);
        }
        zip.readEntry();
      });
      zip.on('end', () => done(null));
      zip.on('error', (e: Error) =>
        done(`central directory unreadable after ${entries.length} entries: ${e.message}`),
      );
      zip.readEntry();
    });
  });
}

function toInfo(e: yauzl.Entry): ZipEntryInfo {
  const up = e.extraFields.find((f) => f.id === 0x7075);
  return {
    rawName: e.fileName as unknown as Buffer,
    flags: e.generalPurposeBitFlag,
    method: e.compressionMethod,
    compressedSize: e.compressedSize,
    uncompressedSize: e.uncompressedSize,
    localOffset: e.relativeOffsetOfLocalHeader,
    crc32: e.crc32,
    unicodePath: up ? up.data : null,
  };
}
