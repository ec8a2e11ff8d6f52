import type { Candidate, ChildFailure, ChildOut, IngestInput, IngestOutput, Ingestor } from '../ingestor.js';
import { IngestError } from '../ingestor.js';
import { capFailure, entryCap } from './budget.js';
import { hasMagic, NameNotes } from './notes.js';
import { baseName, safeEntryPath, UniquePaths } from './safe-path.js';
import { diagnoseHeaders } from './sevenzip-headers.js';
import {
  errorText,
  failed,
  type ListedEntry,
  openSevenZip,
  parseListing,
  type RunResult,
  reasonOf,
  type SevenZipSession,
} from './sevenzip-run.js';

const SEVEN_Z = [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c];
/** "Rar!\x1A\x07": RAR 4 continues with 0x00, RAR 5 with 0x01 0x00. */
const RAR = [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07];
const ARCHIVE = '/in/archive';
const OUT = '/out';
/** A password that is never right: 7-Zip must not stop to prompt for one on an encrypted entry. */
const NO_PASSWORD = '-pleaklens-has-no-password';

type Kind = { format: '7z' | 'rar'; mime: string };

/**
 * 7z and RAR (4 and 5) archives through 7-Zip compiled to WebAssembly (7z-wasm, shipped in the
 * package; RAR decoding under the unRAR licence it includes). The listing comes first: the declared
 * sizes of all entries are checked against the expansion cap before anything is decompressed
 * (solid archives give no per-entry packed size, so the ratio is checked for the archive as a
 * whole). Extraction runs in an in-memory file system; 7-Zip already refuses to write outside its
 * output folder, and provenance names are normalised again here. Encrypted entries are `encrypted`
 * failures (their bytes cannot be separated from a solid block; the archive blob itself is kept).
 * @example await sevenZipIngestor.ingest(input) // Folder { format: '7z' | 'rar' }
 */
export const sevenZipIngestor: Ingestor = {
  name: '7z',
  mimeTypes: ['application/x-7z-compressed', 'application/vnd.rar', 'application/x-rar-compressed'],
  extensions: ['7z', 'rar'],
  score(c: Candidate): number {
    if (hasMagic(c.head, SEVEN_Z) || hasMagic(c.head, RAR)) return 55;
    return c.ext === '7z' || c.ext === 'rar' ? 20 : 0;
  },
  async ingest(input: IngestInput): Promise<IngestOutput> {
    const kind = kindOf(input);
    if (input.data.length === 0)
      throw new IngestError('empty', `${input.provenance}: zero-byte file named as ${kind.format}`);
    const sz = await openSevenZip();
    sz.fs.mkdir('/in');
    sz.fs.writeFile(ARCHIVE, input.data);
    const listing = sz.run(['l', '-slt', '-ba', '-bsp0', '-sccUTF-8', NO_PASSWORD, ARCHIVE]);
    const listed = parseListing(listing.out);
    const diagnosis = diagnoseHeaders(input.data);
    if (diagnosis && listed.length === 0)
      throw new IngestError(diagnosis.reason, `${input.provenance}: ${diagnosis.message}`);
    if (failed(listing) && listed.length === 0) {
      throw new IngestError(
        reasonOf(listing.err),
        `${input.provenance}: cannot open as ${kind.format} (${named(errorText(listing), input)})`,
      );
    }
    const files = listed.filter((e) => !e.isDir);
    const max = input.limits.maxArchiveEntries;
    const over = files.length > max;
    const out = extractAll(input, kind, sz, over ? files.slice(0, max) : files, listing, over);
    if (over && !out.problem) {
      const message = `${input.provenance}: ${files.length} entries, more than ${max} (maxArchiveEntries); the first ${max} extracted`;
      out.problem = { reason: 'limit-exceeded', message };
    }
    if (out.problem) throw new IngestError(out.problem.reason, out.problem.message, out.output);
    return out.output;
  },
};

/** 7-Zip names the in-memory path; say the archive's own name instead. */
function named(text: string, input: IngestInput): string {
  return text.split(ARCHIVE).join(input.name);
}

function kindOf(input: IngestInput): Kind {
  const rar = hasMagic(input.data, RAR) || (!hasMagic(input.data, SEVEN_Z) && /\.rar$/i.test(input.name));
  return rar
    ? { format: 'rar', mime: 'application/vnd.rar' }
    : { format: '7z', mime: 'application/x-7z-compressed' };
}

function extractAll(
  input: IngestInput,
  kind: Kind,
  sz: SevenZipSession,
  files: ListedEntry[],
  listing: RunResult,
  onlyListed: boolean,
) {
  const notes = new NameNotes();
  const unique = new UniquePaths();
  const children: (ChildOut | ChildFailure)[] = [];
  const declared = files.reduce((a, e) => a + e.size, 0);
  const cap = entryCap(input, input.data.length, true);
  const overCap = declared > cap.bytes;
  let problem: { reason: string; message: string } | null = null;
  if (!overCap) {
    const args = ['x', '-y', '-bd', '-bsp0', '-sccUTF-8', NO_PASSWORD, `-o${OUT}`, ARCHIVE];
    if (onlyListed) {
      // Only these entries: a UTF-8 list file, names taken literally (-spd: no wildcards).
      sz.fs.writeFile('/in/list.txt', files.map((e) => e.path).join('\n'));
      args.push('-spd', '-scsUTF-8', '@/in/list.txt');
    }
    const res = sz.run(args);
    if (failed(res) || failed(listing)) {
      const why = named([errorText(listing), errorText(res)].filter(Boolean).join('; '), input);
      problem = {
        reason: reasonOf([...listing.err, ...res.err]),
        message: `${input.provenance}: 7-Zip reported errors (${why})`,
      };
    }
  }
  for (const e of files) {
    const safe = safeEntryPath(e.path);
    notes.add(e.path, safe, 'utf-8');
    const path = unique.take(safe.path);
    const suffix = `!/${path}`;
    const name = baseName(path);
    if (overCap) {
      children.push(capFailure(input, suffix, name, cap, `the archive's declared ${declared} bytes`));
      continue;
    }
    const data = readOut(sz, safe.path);
    if (data && data.length === e.size) children.push({ data, name, provenanceSuffix: suffix });
    else if (data && !e.encrypted) children.push(short(input, suffix, name, e, data, problem));
    else children.push(missing(input, suffix, name, e, problem));
  }
  const warnings = notes.warnings();
  const output: IngestOutput = {
    kind: 'Folder',
    mime: kind.mime,
    folder: { format: kind.format, name: input.name, entries: files.length, warnings },
    children,
    warnings,
  };
  // An archive whose only errors are encrypted entries is fine as a whole: each entry says so.
  if (problem?.reason === 'encrypted') problem = null;
  return { output, problem };
}

function missing(
  input: IngestInput,
  suffix: string,
  name: string,
  e: ListedEntry,
  problem: { reason: string } | null,
): ChildFailure {
  const where = `${input.provenance}${suffix}`;
  if (e.encrypted)
    return {
      provenanceSuffix: suffix,
      name,
      reason: 'encrypted',
      message: `${where}: entry is encrypted; the archive's bytes are kept`,
    };
  const reason = problem?.reason ?? 'corrupt';
  return {
    provenanceSuffix: suffix,
    name,
    reason,
    message: `${where}: 7-Zip could not extract this entry (${reason})`,
  };
}

/** An entry 7-Zip wrote only in part (archive cut or damaged inside it): the bytes are kept. */
function short(
  input: IngestInput,
  suffix: string,
  name: string,
  e: ListedEntry,
  data: Buffer,
  problem: { reason: string } | null,
): ChildFailure {
  const reason = problem?.reason ?? 'corrupt';
  const message = `${input.provenance}${suffix}: 7-Zip extracted ${data.length} of ${e.size} declared bytes (${reason}); those bytes kept`;
  return { provenanceSuffix: suffix, name, reason, message, data };
}

/** Reads an extracted file; 7-Zip writes entries under the output folder with `..` and roots removed. */
function readOut(sz: SevenZipSession, path: string): Buffer | null {
  try {
    const stat = sz.fs.stat(`${OUT}/${path}`);
    if (!sz.fs.isFile(stat.mode)) return null;
    return Buffer.from(sz.fs.readFile(`${OUT}/${path}`) as Uint8Array);
  } catch {
    return null;
  }
}
