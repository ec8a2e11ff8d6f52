import type { ChildFailure, ChildOut, IngestInput, IngestOutput } from '../ingestor.js';
import { IngestError } from '../ingestor.js';
import { capFailure, type EntryCap } from './budget.js';

/**
 * Name of the one file inside a gzip or bzip2 stream: the outer name without its compression
 * extension (`x.mbox.gz` → `x.mbox`, `x.tgz` → `x.tar`, `x.tbz2` → `x.tar`), else the name stored
 * in the gzip header (RFC 1952 FNAME), else the outer name with `.out`.
 * @example innerName('dump.tgz', ['gz', 'gzip', 'z'], { tgz: 'tar' }) // 'dump.tar'
 */
export function innerName(
  outer: string,
  exts: string[],
  tarAliases: Record<string, string>,
  stored?: string,
): string {
  const m = /^(.*)\.([^.]+)$/.exec(outer);
  if (m?.[1]) {
    const ext = m[2]!.toLowerCase();
    if (exts.includes(ext)) return m[1];
    const alias = tarAliases[ext];
    if (alias) return `${m[1]}.${alias}`;
  }
  if (stored) return stored.split(/[\\/]/).pop() || `${outer}.out`;
  return `${outer || 'stream'}.out`;
}

export type Decoded =
  | { ok: Buffer }
  | { overCap: true }
  | { truncated: Buffer | null; error: string }
  | { corrupt: string };

/**
 * Turns the outcome of decompressing a single-file stream (gzip, bzip2) into the ingest output: one
 * child on success; a `zip-bomb`/`limit-exceeded` child failure when the cap stopped it; a
 * `truncated` IngestError whose partial result still carries the bytes that were readable; a
 * `corrupt` IngestError otherwise.
 */
export function singleStreamOutput(
  input: IngestInput,
  format: string,
  mime: string,
  name: string,
  cap: EntryCap,
  res: Decoded,
): IngestOutput {
  const suffix = `!/${name}`;
  const folder = (children: (ChildOut | ChildFailure)[]): IngestOutput => ({
    kind: 'Folder',
    mime,
    folder: { format, name: input.name, entries: 1, warnings: [] },
    children,
  });
  if ('ok' in res) return folder([{ data: res.ok, name, provenanceSuffix: suffix }]);
  if ('overCap' in res) return folder([capFailure(input, suffix, name, cap, 'decompressed data')]);
  if ('corrupt' in res)
    throw new IngestError('corrupt', `${input.provenance}: not a readable ${format} stream (${res.corrupt})`);
  const got = res.truncated?.length ?? 0;
  const partial =
    res.truncated && got > 0 ? folder([{ data: res.truncated, name, provenanceSuffix: suffix }]) : folder([]);
  throw new IngestError(
    'truncated',
    `${input.provenance}: ${format} stream ends early (${res.error}); the ${got} bytes readable before the cut are kept as ${name}`,
    partial,
  );
}
