import { crc32 } from 'node:zlib';
import type { Candidate, ChildFailure, ChildOut, IngestInput, IngestOutput, Ingestor } from '../ingestor.js';
import { IngestError } from '../ingestor.js';
import { decodeEntryName, type NameEncoding } from './entry-names.js';
import { hasMagic, NameNotes } from './notes.js';
import { baseName, safeEntryPath, UniquePaths } from './safe-path.js';
import { readZipDirectory, type ZipEntryInfo } from './zip-directory.js';
import { extractZipEntry } from './zip-extract.js';
import { overlappingEntries, scanLocalHeaders } from './zip-local.js';

const LOCAL = [0x50, 0x4b, 0x03, 0x04];
const EMPTY_EOCD = [0x50, 0x4b, 0x05, 0x06];

/**
 * Zip archives (PKWARE APPNOTE.TXT 6.3). The central directory is read with yauzl; each entry is
 * inflated lazily, one at a time, under the expansion limits (budget.ts). Entries whose stored
 * bytes overlap are refused as a zip bomb, encrypted entries are kept raw, `../` and absolute
 * names are normalised (safe-path.ts) and noted. A zip with no central directory (truncated) is
 * recovered from its local headers and recorded as `truncated`.
 * @example const out = await zipIngestor.ingest(input); for await (const c of out.children) …
 */
export const zipIngestor: Ingestor = {
  name: 'zip',
  mimeTypes: ['application/zip', 'application/x-zip-compressed'],
  extensions: ['zip'],
  score(c: Candidate): number {
    if (hasMagic(c.head, LOCAL) || hasMagic(c.head, EMPTY_EOCD)) return 50;
    return c.ext === 'zip' ? 20 : 0;
  },
  async ingest(input: IngestInput): Promise<IngestOutput> {
    const { data, limits } = input;
    if (data.length === 0)
      throw new IngestError('empty', `${input.provenance}: zero-byte file named as a zip`);
    let entries: ZipEntryInfo[];
    let problem: { reason: string; message: string } | null = null;
    try {
      const dir = await readZipDirectory(data, limits.maxArchiveEntries);
      entries = dir.entries;
      if (dir.error)
        problem = {
          reason: directoryReason(dir.error),
          message: `${input.provenance}: ${dir.error}`,
        };
    } catch (err) {
      if (!hasMagic(data, LOCAL))
        throw new IngestError(
          'corrupt',
          `${input.provenance}: not a zip archive (${(err as Error).message})`,
        );
      const scan = scanLocalHeaders(data, limits.maxArchiveEntries);
      entries = scan.entries;
      problem = {
        reason: 'truncated',
        message: `${input.provenance}: no central directory (${(err as Error).message}); ${entries.length} entries recovered from local headers, the last ending at byte ${Math.min(scan.stoppedAt, data.length)} of ${data.length}`,
      };
    }
    const out = buildOutput(input, entries);
    if (problem) throw new IngestError(problem.reason, problem.message, out);
    return out;
  },
};

interface Planned {
  entry: ZipEntryInfo;
  index: number;
  suffix: string;
  name: string;
}

function buildOutput(input: IngestInput, entries: ZipEntryInfo[]): IngestOutput {
  const notes = new NameNotes();
  const unique = new UniquePaths();
  const planned: Planned[] = [];
  entries.forEach((entry, index) => {
    const { name: raw, encoding } = entryName(entry);
    // A directory record has nothing to extract; one that stores data is kept like a file.
    const dirName = raw.endsWith('/') || raw.endsWith('\\');
    if (dirName && entry.uncompressedSize === 0 && entry.compressedSize <= 2) return;
    const safe = safeEntryPath(raw);
    notes.add(raw, safe, encoding);
    const path = unique.take(safe.path);
    planned.push({ entry, index, suffix: `!/${path}`, name: baseName(path) });
  });
  const bomb = overlappingEntries(input.data, entries);
  if (bomb.size)
    notes.warn(
      `${bomb.size} entries overlap each other's stored bytes (overlapping-entry zip bomb); not extracted`,
    );
  const warnings = notes.warnings();
  return {
    kind: 'Folder',
    mime: 'application/zip',
    folder: { format: 'zip', name: input.name, entries: planned.length, warnings },
    children: children(input, planned, bomb),
    warnings,
  };
}

function* children(
  input: IngestInput,
  planned: Planned[],
  bomb: Set<number>,
): Generator<ChildOut | ChildFailure> {
  for (const p of planned) {
    if (bomb.has(p.index)) {
      yield {
        provenanceSuffix: p.suffix,
        name: p.name,
        reason: 'zip-bomb',
        message: `${input.provenance}${p.suffix}: stored bytes overlap another entry's (overlapping-entry zip bomb); not extracted`,
      };
      continue;
    }
    yield* extractZipEntry(input, input.data, p.entry, p.suffix, p.name);
  }
}

/** Info-ZIP Unicode Path (0x7075) wins when its CRC matches the raw name; else bit 11 decides. */
function entryName(e: ZipEntryInfo): { name: string; encoding: NameEncoding } {
  const up = e.unicodePath;
  if (up && up.length > 5 && up[0] === 1 && up.readUInt32LE(1) === crc32(e.rawName) >>> 0) {
    return decodeEntryName(up.subarray(5), true, 'cp437');
  }
  return decodeEntryName(e.rawName, (e.flags & 0x0800) !== 0, 'cp437');
}

/** yauzl stops at PKWARE strong encryption (flag bit 6) as it does at a damaged record. */
function directoryReason(error: string): string {
  if (error.includes('maxArchiveEntries')) return 'limit-exceeded';
  return /encryption/i.test(error) ? 'encrypted' : 'corrupt';
}
