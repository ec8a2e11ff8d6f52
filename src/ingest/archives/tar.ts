import tar from 'tar-stream';
import type { Candidate, ChildFailure, ChildOut, IngestInput, IngestOutput, Ingestor } from '../ingestor.js';
import { IngestError } from '../ingestor.js';
import { capFailure, entryCap } from './budget.js';
import { decodeEntryName } from './entry-names.js';
import { hasMagic, NameNotes } from './notes.js';
import { baseName, safeEntryPath, UniquePaths } from './safe-path.js';

/** POSIX ustar magic at offset 257 ("ustar\0" POSIX, "ustar " GNU). */
const USTAR = [0x75, 0x73, 0x74, 0x61, 0x72];
const FILE_TYPES = new Set(['file', 'contiguous-file']);

interface RawEntry {
  header: tar.Header;
  data: Buffer;
}

/**
 * tar archives (POSIX ustar, pax, GNU long names, old v7) read with tar-stream. Names are decoded
 * from their raw bytes (pax `path` is UTF-8 by definition, POSIX.1-2008 pax; other names are tried
 * as UTF-8, Shift-JIS, then Latin-1), `../` and absolute names are normalised and noted; links and
 * devices are not followed (counted in the warnings). A tar cut short keeps every complete entry and
 * records the cut one as `truncated` with its readable bytes.
 * @example await tarIngestor.ingest(input) // Folder { format: 'tar' } with children '!/dir/file'
 */
export const tarIngestor: Ingestor = {
  name: 'tar',
  mimeTypes: ['application/x-tar'],
  extensions: ['tar'],
  score(c: Candidate): number {
    if (hasMagic(c.head, USTAR, 257)) return 55;
    return c.ext === 'tar' ? 20 : 0;
  },
  async ingest(input: IngestInput): Promise<IngestOutput> {
    if (input.data.length === 0)
      throw new IngestError('empty', `${input.provenance}: zero-byte file named as a tar`);
    const parsed = await readTar(input.data, input.limits.maxArchiveEntries);
    const notes = new NameNotes();
    const unique = new UniquePaths();
    const children: (ChildOut | ChildFailure)[] = [];
    let skipped = 0;
    for (const e of parsed.entries) {
      if (!FILE_TYPES.has(e.header.type ?? 'file')) {
        if (e.header.type !== 'directory') skipped++;
        continue;
      }
      children.push(child(input, e, notes, unique, false));
    }
    if (parsed.cut) children.push(child(input, parsed.cut, notes, unique, true));
    if (skipped) notes.warn(`${skipped} links, devices or FIFOs not followed`);
    const warnings = notes.warnings();
    const files = children.length;
    const out: IngestOutput = {
      kind: 'Folder',
      mime: 'application/x-tar',
      folder: { format: 'tar', name: input.name, entries: files, warnings },
      children,
      warnings,
    };
    if (!parsed.error) return out;
    const { reason, message } = parsed.error;
    if (parsed.entries.length === 0 && !parsed.cut)
      throw new IngestError(reason, `${input.provenance}: ${message}`);
    throw new IngestError(reason, `${input.provenance}: ${message}`, out);
  },
};

function child(
  input: IngestInput,
  e: RawEntry,
  notes: NameNotes,
  unique: UniquePaths,
  cut: boolean,
): ChildOut | ChildFailure {
  const paxPath = (e.header.pax as { path?: string } | undefined)?.path;
  const { name: decoded, encoding } = paxPath
    ? { name: paxPath, encoding: 'utf-8' as const }
    : decodeEntryName(Buffer.from(e.header.name, 'latin1'), false, 'latin1');
  const safe = safeEntryPath(decoded);
  notes.add(decoded, safe, encoding);
  const path = unique.take(safe.path);
  const suffix = `!/${path}`;
  const name = baseName(path);
  if (cut) {
    const message = `${input.provenance}${suffix}: archive ends after ${e.data.length} of ${e.header.size ?? 0} bytes of this entry; readable bytes kept`;
    return { provenanceSuffix: suffix, name, reason: 'truncated', message, data: e.data };
  }
  const cap = entryCap(input, e.data.length, false);
  if (e.data.length > cap.bytes)
    return capFailure(input, suffix, name, cap, `entry of ${e.data.length} bytes`);
  return { data: e.data, name, provenanceSuffix: suffix };
}

interface Parsed {
  entries: RawEntry[];
  /** The entry the archive ended in the middle of, with what was readable. */
  cut: RawEntry | null;
  error: { reason: string; message: string } | null;
}

/** Parses the whole tar eagerly (it is already in memory); entry data are views of it when possible. */
async function readTar(data: Buffer, maxEntries: number): Promise<Parsed> {
  // latin1 keeps the raw name bytes recoverable (Buffer.from(name, 'latin1')) for our own decoding.
  const opts = { filenameEncoding: 'latin1', allowUnknownFormat: false };
  const ex = tar.extract(opts as Parameters<typeof tar.extract>[0]);
  const res: Parsed = { entries: [], cut: null, error: null };
  ex.end(data);
  let current: { header: tar.Header; chunks: Buffer[] } | null = null;
  try {
    for await (const entry of ex) {
      if (res.entries.length >= maxEntries) {
        res.error = {
          reason: 'limit-exceeded',
          message: `stopped after ${maxEntries} entries (maxArchiveEntries)`,
        };
        entry.resume();
        ex.destroy();
        break;
      }
      current = { header: entry.header, chunks: [] };
      for await (const chunk of entry) current.chunks.push(chunk as Buffer);
      res.entries.push({ header: entry.header, data: join(current.chunks) });
      current = null;
    }
  } catch (err) {
    const msg = (err as Error).message;
    const truncated = /unexpected end/i.test(msg);
    res.error = {
      reason: truncated ? 'truncated' : 'corrupt',
      message: truncated ? `tar ends early (${msg})` : `not a readable tar (${msg})`,
    };
    // tar-stream drops the buffered part of an entry on error: take it from the input instead.
    if (current) res.cut = { header: current.header, data: cutEntryData(data, current.header.size ?? 0) };
  }
  return res;
}

/**
 * The readable bytes of the entry a tar ends inside: everything after the last 512-aligned header
 * block (valid checksum, same declared size) before the end of the input.
 */
function cutEntryData(data: Buffer, size: number): Buffer {
  for (let at = Math.floor((data.length - 1) / 512) * 512; at >= 0; at -= 512) {
    const h = data.subarray(at, at + 512);
    if (
      h.length === 512 &&
      validChecksum(h) &&
      Number.parseInt(h.toString('latin1', 124, 136).trim() || '0', 8) === size
    ) {
      return data.subarray(at + 512);
    }
  }
  return Buffer.alloc(0);
}

/** ustar checksum: the sum of the header bytes with the checksum field read as spaces. */
function validChecksum(h: Buffer): boolean {
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i]!;
  const stored = Number.parseInt(h.toString('latin1', 148, 156).replace(/\0.*$/, '').trim(), 8);
  return stored === sum;
}

function join(chunks: Buffer[]): Buffer {
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}
