import type { ChildFailure, ChildOut, IngestInput, IngestOutput } from '../ingestor.js';
import { capFailure, entryCap } from './budget.js';
import { NameNotes } from './notes.js';
import { baseName, safeEntryPath, UniquePaths } from './safe-path.js';
import {
  errorText,
  failed,
  type ListedEntry,
  type RunResult,
  reasonOf,
  type SevenZipSession,
} from './sevenzip-run.js';

/** Where the archive and the extracted files live in 7-Zip's in-memory file system. */
export const ARCHIVE = '/in/archive';
const OUT = '/out';
/** A password that is never right: 7-Zip must not stop to prompt for one on an encrypted entry. */
export const NO_PASSWORD = '-pleaklens-has-no-password';

export type Kind = { format: '7z' | 'rar'; mime: string };

/** 7-Zip names the in-memory path; say the archive's own name instead. */
export function named(text: string, input: IngestInput): string {
  return text.split(ARCHIVE).join(input.name);
}

/**
 * Extracts the listed files (all of them, or with `onlyListed` just those) once the declared sizes
 * fit the cap, and turns each into a child or the exact reason it is missing or short.
 */
export function extractAll(
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
