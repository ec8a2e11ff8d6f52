import { existsSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { UserError } from '../../core/errors.js';
import { enumerateInputs } from '../../ingest/enumerate.js';
import { SocialDb } from '../db.js';
import { StagedLoad } from '../db-load.js';
import { countryOf } from '../signals/country.js';
import { detectLanguage } from '../signals/language.js';
import type { ImportFailure, ImportSummary } from '../types.js';
import { bluesky } from './bluesky.js';
import { blueskyApi } from './bluesky-api.js';
import { hasJsonBulk, tryBulkImport } from './bulk/index.js';
import { type PostImporter, readHead } from './common.js';
import { fillLanguages } from './fill.js';
import { fourchan } from './fourchan.js';
import { genericCsv } from './generic-csv.js';
import { gnip } from './gnip.js';
import { iraCsv } from './ira-csv.js';
import { mastodon } from './mastodon.js';
import { telegram } from './telegram.js';
import { twitterV1 } from './twitter-v1.js';
import { fastLoadV1 } from './twitter-v1-fast.js';
import { twitterV2 } from './twitter-v2.js';
import { xIoCsv } from './x-io-csv.js';

/** Every importer, most specific first; a new format is one file and one line here. */
export const IMPORTERS: PostImporter[] = [
  twitterV2,
  gnip,
  twitterV1,
  xIoCsv,
  iraCsv,
  bluesky,
  blueskyApi,
  mastodon,
  telegram,
  fourchan,
  genericCsv(),
];
export const FORMATS = IMPORTERS.map((i) => i.format);

export interface ImportOptions {
  format?: string;
  /** Column mapping for the generic CSV importer, e.g. { id: 'msg_id', time: 'sent' }. */
  mapping?: Record<string, string>;
  onProgress?: (posts: number) => void;
  /**
   * Files at least this big go through DuckDB's parallel readers (default 64 MiB): X v1.1 JSON
   * lines, and the tabular formats of bulk/index.ts.
   */
  fastPathBytes?: number;
}

/**
 * Where the bulk readers start: 64 MiB, or LEAKLENS_BULK_BYTES (a number of bytes; `Infinity`
 * keeps every file on the JavaScript importers, for comparing the two paths).
 */
const BULK_BYTES_SET = ((v) => v !== undefined && v !== '' && !Number.isNaN(Number(v)))(
  process.env.LEAKLENS_BULK_BYTES,
);
const FAST_PATH_BYTES = BULK_BYTES_SET ? Number(process.env.LEAKLENS_BULK_BYTES) : 64 * 1024 * 1024;

/**
 * Where the JSON-lines bulk reader (Bluesky) starts by default: 1 GiB. Measured against the
 * JavaScript importer in the same run it was 1.2× slower and used half the memory
 * (docs/benchmarks.md), so it is worth it only where memory is what runs out; LEAKLENS_BULK_BYTES
 * or fastPathBytes set both thresholds.
 */
const JSON_BULK_BYTES = BULK_BYTES_SET ? FAST_PATH_BYTES : 1024 * 1024 * 1024;

/** The importer for a file: the forced format, or the best-scoring detector on its first 64 KiB. */
export function pickImporter(file: string, opts: ImportOptions = {}): PostImporter | null {
  if (opts.format) {
    if (opts.format === 'csv') return genericCsv({ mapping: opts.mapping });
    return IMPORTERS.find((i) => i.format === opts.format) ?? null;
  }
  const head = readHead(file);
  let best: PostImporter | null = null;
  let score = 0;
  for (const imp of IMPORTERS) {
    const s = imp.detect(head, basename(file));
    if (s > score) [best, score] = [imp, s];
  }
  if (best?.format === 'csv' && opts.mapping) return genericCsv({ mapping: opts.mapping });
  return best;
}

/**
 * Imports post files into `social.duckdb` in the case. Bad rows become failure records (file,
 * line, reason) and the import goes on; importing the same file twice adds nothing.
 * @example const s = await importPosts('./leaklens-case', ['tweets.jsonl']); s.postsAdded;
 */
export async function importPosts(
  caseDir: string,
  files: string[],
  opts: ImportOptions = {},
): Promise<ImportSummary> {
  if (opts.format && !FORMATS.includes(opts.format))
    throw new UserError(`unknown format "${opts.format}" (known: ${FORMATS.join(', ')})`);
  const db = await SocialDb.open(caseDir);
  const summary: ImportSummary = {
    files: [],
    postsAdded: 0,
    accountsAdded: 0,
    failures: [],
    warnings: [],
    totalPosts: 0,
  };
  try {
    for (const { file, inFolder } of expandInputs(files)) await importOne(db, file, opts, summary, inFolder);
    const [row] = await db.all<{ n: number }>('SELECT count(*) AS n FROM posts');
    summary.totalPosts = row?.n ?? 0;
  } finally {
    db.close();
  }
  return summary;
}

/**
 * The files to import: a folder is walked recursively in sorted order (as `ingest` does, links not
 * followed, hidden files skipped); each file found is imported by detection.
 */
function expandInputs(paths: string[]): { file: string; inFolder: boolean }[] {
  return paths.flatMap((p): { file: string; inFolder: boolean }[] => {
    const abs = resolve(p);
    if (!existsSync(abs) || !statSync(abs).isDirectory()) return [{ file: abs, inFolder: false }];
    return enumerateInputs([abs])
      .tasks.filter((t) => !t.provenance.split('/').some((part) => part.startsWith('.')))
      .map((t) => ({ file: t.path, inFolder: true }));
  });
}

async function importOne(
  db: SocialDb,
  file: string,
  opts: ImportOptions,
  summary: ImportSummary,
  inFolder = false,
): Promise<void> {
  const failures: ImportFailure[] = [];
  const fail = (reason: string, message: string, warning = false) => {
    const f: ImportFailure = { file, line: 0, reason, message: `${basename(file)}: ${message}` };
    if (warning) f.warning = true;
    failures.push(f);
  };
  const record = async (format: string, read: number, stage = new StagedLoad(), bulkRows?: number) => {
    const added = await stage.commit(db, failures, { lossyIds: imp?.lossyIds, file });
    const all = [...failures, ...added.warnings];
    summary.failures.push(...all.filter((f) => !f.warning));
    summary.warnings.push(...all.filter((f) => f.warning));
    summary.postsAdded += added.posts;
    summary.accountsAdded += added.accounts;
    summary.files.push({
      file,
      format,
      read,
      added: added.posts,
      failures: all.filter((f) => !f.warning).length,
      warnings: all.filter((f) => f.warning).length,
      ...(bulkRows === undefined ? {} : { bulkRows }),
    });
  };
  let imp: PostImporter | null = null;
  if (!existsSync(file) || !statSync(file).isFile()) {
    fail('unreadable', 'no such file');
    return record('?', 0);
  }
  imp = pickImporter(file, opts);
  if (!imp) {
    // In a folder, a file that is not a post export (a README, a picture) is skipped with a note.
    if (inFolder) fail('not-posts', 'not a post export; skipped', true);
    else fail('unknown-format', `format not recognised; pass --format (one of ${FORMATS.join(', ')})`);
    return record('?', 0);
  }
  if (
    imp.format === 'twitter-v1' &&
    statSync(file).size >= (opts.fastPathBytes ?? FAST_PATH_BYTES) &&
    !readHead(file, 4096).trimStart().startsWith('[')
  ) {
    if (await importFast(db, file, summary, opts)) return;
  }
  const bulk = await tryBulkImport(
    db,
    file,
    imp,
    opts.fastPathBytes ?? (hasJsonBulk(imp.format) ? JSON_BULK_BYTES : FAST_PATH_BYTES),
    failures,
    opts.onProgress,
  );
  if (bulk) return record(imp.format, bulk.read, bulk.stage, bulk.bulkRows);
  const stage = new StagedLoad();
  try {
    for await (const batch of imp.read(file)) {
      // The source's language wins; detection runs only where the data gives none.
      await stage.addPosts(batch.posts, (p) =>
        p.lang
          ? { lang: p.lang, source: 'source' }
          : ((l) => ({ lang: l, source: l ? 'detected' : null }))(p.text ? detectLanguage(p.text) : null),
      );
      await stage.addAccounts(batch.accounts, (a) => countryOf(a.location));
      failures.push(...batch.failures);
      opts.onProgress?.(stage.postsWritten);
    }
  } catch (err) {
    stage.discard();
    fail('unreadable', (err as Error).message);
    return record(imp.format, 0);
  }
  return record(imp.format, stage.postsWritten, stage);
}

/** The bulk path for a clean X v1.1 JSON-lines file; false when the file needs the tolerant path. */
async function importFast(
  db: SocialDb,
  file: string,
  summary: ImportSummary,
  opts: ImportOptions,
): Promise<boolean> {
  const [before] = await db.all<{ p: number; a: number }>(
    'SELECT (SELECT count(*) FROM posts) AS p, (SELECT count(*) FROM accounts) AS a',
  );
  await db.run('BEGIN TRANSACTION');
  const read = await fastLoadV1(db, file, { onProgress: opts.onProgress }).catch(async (err) => {
    await db.run('ROLLBACK');
    throw err;
  });
  if (read === null) {
    await db.run('ROLLBACK');
    return false;
  }
  await fillLanguages(db, file);
  await db.run('COMMIT');
  const [after] = await db.all<{ p: number; a: number }>(
    'SELECT (SELECT count(*) FROM posts) AS p, (SELECT count(*) FROM accounts) AS a',
  );
  const added = (after?.p ?? 0) - (before?.p ?? 0);
  summary.postsAdded += added;
  summary.accountsAdded += (after?.a ?? 0) - (before?.a ?? 0);
  summary.files.push({ file, format: 'twitter-v1', read, added, failures: 0, warnings: 0, bulkRows: read });
  return true;
}
