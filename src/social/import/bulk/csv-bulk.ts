import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { SocialDb } from '../../db.js';
import { sqlString } from '../../db.js';
import { accountRankKey, type CommitOptions, StagedLoad } from '../../db-load.js';
import { countryOf } from '../../signals/country.js';
import { detectLanguage } from '../../signals/language.js';
import type { ImportFailure, Post } from '../../types.js';
import type { PostImporter } from '../common.js';
import { readHead } from '../common.js';
import { acceptedLogicalLines, type CsvLineIndex, indexCsvLines } from './csv-lines.js';
import { placeByLocation } from './place.js';
import { ENTITY_LISTS } from './sql-text.js';

/**
 * What a tabular format gives the bulk reader: SQL over one CSV row that does what its
 * JavaScript importer does per row, and says (`ok`) when it is sure. A row it is not sure of
 * (an unusual time format, a counter that is not a whole number, a missing id) is not guessed:
 * it goes back to the JavaScript importer, which keeps it or records why not.
 */
export interface CsvBulkSpec {
  format: string;
  /** Columns the bulk SQL needs; a file whose header lacks one takes the tolerant path. */
  required: string[];
  /**
   * The query over `rows` (DuckDB's reader), one output row per CSV row, in file order: `v(name)`
   * is the cell as the JavaScript importer sees it ('' when empty, an unquoted NA, or a column the
   * header lacks), `has(name)` whether the header names it. It must give `ok`, every posts
   * column (POST_FIELDS) but the entity lists, which it gives as `hashtags_all`, `mentions_all`,
   * `urls_all` (de-duplicated after), and `source`, for which it passes on `rows`' column `nl`
   * (the line feeds inside the record: its line is found from them), every account column
   * prefixed `a_` (ACCOUNT_FIELDS) and `a_country`, `a_country_source` (NULL: the gazetteer
   * places them).
   */
  query(v: (name: string) => string, has: (name: string) => boolean, file: string, rows: string): string;
  /** The query also gives `object`: the shared object a row names (CooRTweet's object_id), or NULL. */
  shares?: boolean;
  /** Once-per-file warnings of the JavaScript importer, taken from the first bulk row that gives one. */
  warnings?(db: SocialDb, file: string): Promise<ImportFailure[]>;
}

/** Columns of `posts` and `accounts` (db.ts), as the staging table `bulk_rows` names them. */
export const POST_FIELDS = [
  'id',
  'platform',
  'account_id',
  'handle',
  'ts',
  'text',
  'lang',
  'lang_source',
  'repost_of',
  'reply_to',
  'quote_of',
  'hashtags',
  'mentions',
  'urls',
  'country',
  'source',
] as const;
export const ACCOUNT_FIELDS = [
  'id',
  'platform',
  'handle',
  'name',
  'created',
  'followers',
  'friends',
  'statuses',
  'location',
  'description',
  'default_profile',
  'default_image',
  'verified',
] as const;

/** Longest CSV record DuckDB will read (a tweet row is a few KB; a longer one is not a post). */
const MAX_LINE_BYTES = 8 * 1024 * 1024;

/** The header's field names as csv.ts reads them (trimmed, BOM removed); null if it is not one simple line. */
export function csvHeaderNames(file: string): string[] | null {
  const first =
    readHead(file, 1 << 16)
      .split('\n')[0]
      ?.replace(/\r$/, '') ?? '';
  const names: string[] = [];
  let cur = '';
  let inQuotes = false;
  for (let i = 0; i < first.length; i++) {
    const c = first[i];
    if (inQuotes) {
      if (c === '"' && first[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') inQuotes = false;
      else cur += c;
    } else if (c === '"' && cur === '') inQuotes = true;
    else if (c === ',') {
      names.push(cur);
      cur = '';
    } else cur += c;
  }
  if (inQuotes) return null;
  names.push(cur);
  return names.map((h) => h.trim().replace(/^\uFEFF/, ''));
}

/**
 * The SELECT giving `bulk_rows` for `file`: DuckDB's CSV reader (rejects kept in `bulk_rejects`)
 * under the spec's SQL, entity lists finished.
 */
export function csvBulkSelect(file: string, header: string[], spec: CsvBulkSpec): string {
  // Columns by position (c0, c1, …); a name given twice is read from its last column, as csv.ts does.
  const colOf = new Map(header.map((h, i) => [h, i]));
  const v = (name: string) => {
    const i = colOf.get(name);
    // csv.ts reads line by line (Node's readline): a CR LF or lone CR inside a quoted field
    // comes back as LF.
    return i === undefined
      ? "''"
      : `CASE WHEN contains(c${i}, chr(13)) THEN regexp_replace(c${i}, '\r\n?', '\n', 'g') ELSE coalesce(c${i}, '') END`;
  };
  const columns = `{${header.map((_, i) => `'c${i}': 'VARCHAR'`).join(', ')}}`;
  // Line feeds inside the record's quoted fields: a record spans 1 + nl physical lines.
  const nl = header
    .map(
      (_, i) =>
        `CASE WHEN contains(c${i}, chr(10)) THEN length(c${i}) - length(replace(c${i}, chr(10), '')) ELSE 0 END`,
    )
    .join(' + ');
  // An unquoted NA is R's missing value (csv.ts): NULL here, '' after v().
  const rows = `(SELECT *, ${nl} AS nl FROM read_csv(${sqlString(file)}, header=true, delim=',', quote='"', escape='"', columns=${columns}, auto_detect=false,
    nullstr=['NA'], allow_quoted_nulls=false, max_line_size=${MAX_LINE_BYTES},
    store_rejects=true, rejects_table='bulk_rejects', rejects_scan='bulk_scans'))`;
  return `SELECT * EXCLUDE (hashtags_all, mentions_all, urls_all), ${ENTITY_LISTS}
    FROM (${spec.query(v, (n) => colOf.has(n), file, rows)})`;
}

/**
 * The importers' once-per-file warning that account ids were rounded by a spreadsheet, from the
 * first bulk row marked `warn_id` (and `warn_handle` when `withHandle`): `what` names the column
 * as the JavaScript importer does ("author ids", "user ids").
 */
export async function lossyIdWarning(
  db: SocialDb,
  file: string,
  what: string,
  withHandle = false,
): Promise<ImportFailure[]> {
  const [w] = await db.all<{ id: string; handle: string | null }>(
    `SELECT warn_id AS id, ${withHandle ? 'warn_handle' : 'NULL'} AS handle FROM bulk_rows WHERE warn_id IS NOT NULL ORDER BY rowid LIMIT 1`,
  );
  if (!w) return [];
  const example = withHandle ? `${w.id} for @${w.handle}` : w.id;
  return [
    {
      file,
      line: 0,
      reason: 'lossy-id',
      message: `${basename(file)}: warning: ${what} rounded by a spreadsheet (e.g. ${example}): those accounts are keyed by handle`,
      warning: true,
    },
  ];
}

export interface BulkResult {
  read: number;
  /** Of `read`, the rows DuckDB's reader loaded (the others were re-read by the importer). */
  bulkRows: number;
  stage: StagedLoad;
}

/**
 * Imports a CSV file with DuckDB's reader: the good rows in bulk, the rows DuckDB rejects (wrong
 * number of fields, an unclosed quote, bytes that are not UTF-8) and the rows the SQL is not sure
 * of re-read by `importer` itself, so each bad row is recorded with its file and line exactly as
 * the tolerant path records it. Returns null when the file cannot take this path at all (its
 * header lacks a column the SQL needs, or DuckDB cannot read it): the caller uses the importer.
 * Failures found go into `failures`; the returned stage commits everything in one transaction.
 */
export async function bulkImportCsv(
  db: SocialDb,
  file: string,
  importer: PostImporter,
  spec: CsvBulkSpec,
  failures: ImportFailure[],
  onProgress?: (posts: number) => void,
): Promise<BulkResult | null> {
  const header = csvHeaderNames(file);
  if (!header || spec.required.some((c) => !header.includes(c))) return null;
  onProgress?.(0);
  await db.run('DROP TABLE IF EXISTS bulk_rejects; DROP TABLE IF EXISTS bulk_scans');
  try {
    await db.run(`CREATE OR REPLACE TEMP TABLE bulk_rows AS ${csvBulkSelect(file, header, spec)}`);
  } catch {
    await dropStaging(db);
    return null;
  }
  const rejected = await db.all<{ line: number }>('SELECT DISTINCT line FROM bulk_rejects ORDER BY line');
  const unsure = await db.all<{ k: number }>('SELECT rowid AS k FROM bulk_rows WHERE NOT ok ORDER BY k');
  const [all] = await db.all<{ n: number; nl: number; multi: number }>(
    'SELECT count(*) AS n, coalesce(sum(nl), 0) AS nl, count(*) FILTER (WHERE nl > 0) AS multi FROM bulk_rows',
  );
  await db.run('DROP TABLE IF EXISTS bulk_rejects; DROP TABLE IF EXISTS bulk_scans');
  // Where each row starts, for its `source` (file:line, as the importer writes it). When DuckDB
  // rejected nothing and the file's line feeds are exactly the header's, one per record and those
  // inside quoted fields (no blank line, no CR), row k starts at line k + 2 plus the line feeds
  // inside the rows before it; otherwise one pass numbers the logical lines and they are joined in.
  const simple = !rejected.length && lineFeedsAre(file, 1 + (all?.n ?? 0) + (all?.nl ?? 0));
  const idx = simple && !unsure.length ? null : indexCsvLines(file);
  const accepted = idx ? acceptedLogicalLines(idx, new Set(rejected.map((r) => r.line))) : null;
  let lines: LineSource = 'rowid';
  if (!simple && idx && accepted) {
    await stageLines(db, idx, accepted);
    lines = 'index';
  } else if (all?.multi) {
    await db.run(
      'CREATE OR REPLACE TEMP TABLE bulk_nl AS SELECT rowid AS k, sum(nl) OVER (ORDER BY rowid) AS before FROM bulk_rows WHERE nl > 0',
    );
    lines = 'multi';
  }
  // Warnings come from every row read, kept or not, as the importer warns before it decides.
  const warnings = spec.warnings ? await spec.warnings(db, file) : [];
  failures.push(...warnings);
  await db.run('DELETE FROM bulk_rows WHERE NOT ok');
  await fillBulkLanguages(db);
  await placeByLocation(db, {
    table: 'bulk_rows',
    location: 'a_location',
    country: 'a_country',
    source: 'a_country_source',
  });
  const [cnt] = await db.all<{ n: number }>('SELECT count(*) AS n FROM bulk_rows');
  const stage = new BulkStagedLoad(spec.shares === true, sqlString(`${file}:`), lines);
  if (idx && accepted && (rejected.length || unsure.length)) {
    const logical = [...rejected.map((r) => r.line - 1), ...unsure.map((u) => accepted[u.k] ?? -1)]
      .filter((i) => i > 0)
      .sort((a, b) => a - b);
    const warned = new Set(warnings.map((w) => w.reason));
    await rescue(file, importer, idx, logical, stage, (f) => {
      if (!(f.warning && warned.has(f.reason))) failures.push(f);
    });
  }
  const read = (cnt?.n ?? 0) + stage.postsWritten;
  onProgress?.(read);
  return { read, bulkRows: cnt?.n ?? 0, stage };
}

/**
 * Whether `file` has no CR and exactly `expected` lines (line feeds, and a last line without
 * one). Counted with Buffer.indexOf (memchr), far cheaper than the byte-by-byte index of
 * csv-lines.ts (0.4 s of CPU against 11 s on 900 MB).
 */
function lineFeedsAre(file: string, expected: number): boolean {
  const fd = openSync(file, 'r');
  const buf = Buffer.allocUnsafe(LINE_SCAN_BYTES);
  let lines = 0;
  let last = -1;
  try {
    for (let pos = 0; ; ) {
      const n = readSync(fd, buf, 0, buf.length, pos);
      if (n <= 0) break;
      const chunk = n === buf.length ? buf : buf.subarray(0, n);
      if (chunk.indexOf(0x0d) !== -1) return false;
      for (let i = chunk.indexOf(0x0a); i !== -1; i = chunk.indexOf(0x0a, i + 1)) lines++;
      last = chunk[n - 1] as number;
      pos += n;
    }
  } finally {
    closeSync(fd);
  }
  if (last !== -1 && last !== 0x0a) lines++;
  return lines === expected;
}
const LINE_SCAN_BYTES = 4 * 1024 * 1024;

/** `bulk_lines(k, line)`: the physical line where the record of bulk row k (its rowid) starts. */
async function stageLines(db: SocialDb, idx: CsvLineIndex, accepted: Int32Array): Promise<void> {
  await db.run('CREATE OR REPLACE TEMP TABLE bulk_lines (k BIGINT, line BIGINT)');
  const app = await db.conn.createAppender('bulk_lines');
  for (let k = 0; k < accepted.length; k++) {
    app.appendBigInt(BigInt(k));
    app.appendBigInt(BigInt(idx.line[accepted[k] as number] ?? 0));
    app.endRow();
  }
  app.closeSync();
}

/**
 * How a bulk row's line is found: `rowid` + 2 (one line per record), plus the line feeds of the
 * multi-line records before it (`multi`, `bulk_nl`), or from the line index (`index`, `bulk_lines`).
 */
type LineSource = 'rowid' | 'multi' | 'index';

/** Commits the rescued rows together with `bulk_rows`, so identities are resolved over the whole file. */
class BulkStagedLoad extends StagedLoad {
  /** `prefix`: the SQL literal `'<file>:'`; each row's source is it and its line. */
  constructor(
    private readonly withShares: boolean,
    private readonly prefix: string,
    private readonly lines: LineSource,
  ) {
    super();
  }

  /** The posts of `bulk_rows`, `source` = file:line. */
  private postsSql(): string {
    const cols = POST_FIELDS.filter((f) => f !== 'source').join(', ');
    switch (this.lines) {
      case 'rowid':
        return `SELECT ${cols}, ${this.prefix} || (rowid + 2) AS source FROM bulk_rows`;
      case 'multi':
        // bulk_line (made in commit) holds each row's line in the rows' order.
        return `SELECT ${cols}, ${this.prefix} || l.line AS source FROM bulk_rows POSITIONAL JOIN bulk_line l`;
      case 'index':
        return `SELECT ${cols}, ${this.prefix} || l.line AS source FROM (SELECT rowid AS k, * FROM bulk_rows) b
          JOIN bulk_lines l ON l.k = b.k`;
    }
  }
  override async commit(db: SocialDb, failures: ImportFailure[], opts: CommitOptions = {}) {
    try {
      // The line of each row from the line feeds of the multi-line rows before it: an ASOF join
      // of the row numbers alone, kept in the rows' order. (Joined to the whole rows, the ASOF
      // join sorted 2.5 million posts with their texts.)
      if (this.lines === 'multi')
        await db.run(`CREATE OR REPLACE TEMP TABLE bulk_line AS SELECT b.k + 2 + coalesce(n.before, 0) AS line
          FROM (SELECT rowid AS k FROM bulk_rows) b ASOF LEFT JOIN bulk_nl n ON b.k > n.k ORDER BY b.k`);
      return await super.commit(db, failures, {
        ...opts,
        more: {
          posts: this.postsSql(),
          // One snapshot per (id, handle), the one insertAccounts would keep: identities are
          // resolved by id and handle, so this keeps every account and drops only its older
          // copies (an IRA file repeats its 2,848 authors on 2.5 million rows). An aggregate,
          // not a window: sorting 2.5 million rows per partition cost 12 s of CPU.
          accounts: `SELECT unnest(r) FROM (SELECT arg_min({${ACCOUNT_FIELDS.map((f) => `'${f}': a_${f}`).join(', ')},
            'country': a_country, 'country_source': a_country_source}, ${accountRankKey('a_')}) AS r
            FROM bulk_rows GROUP BY a_id, a_handle)`,
          // The row's own object, as StagedLoad stages a post's `objects`.
          shares: this.withShares
            ? 'SELECT object AS o, account_id AS a, id AS c, ts FROM bulk_rows WHERE object IS NOT NULL'
            : undefined,
          // The posts are read from bulk_rows where they lie (no copy), so it stays until the end.
          postsTable: 'bulk_rows',
        },
      });
    } finally {
      await db.run(
        'DROP TABLE IF EXISTS bulk_rows; DROP TABLE IF EXISTS bulk_lines; DROP TABLE IF EXISTS bulk_nl; DROP TABLE IF EXISTS bulk_line',
      );
    }
  }
}

async function dropStaging(db: SocialDb): Promise<void> {
  await db.run(
    'DROP TABLE IF EXISTS bulk_rows; DROP TABLE IF EXISTS bulk_rejects; DROP TABLE IF EXISTS bulk_scans; DROP TABLE IF EXISTS bulk_lines; DROP TABLE IF EXISTS bulk_nl',
  );
}

/**
 * The source's language wins; detection runs only where the data gives none (as importOne does
 * for the tolerant path), once per distinct text.
 */
export async function fillBulkLanguages(db: SocialDb, table = 'bulk_rows'): Promise<void> {
  const rows = await db.all<{ text: string }>(
    `SELECT DISTINCT text FROM ${table} WHERE lang IS NULL AND text <> ''`,
  );
  if (!rows.length) return;
  await db.run('CREATE OR REPLACE TEMP TABLE bulk_lang (text VARCHAR, lang VARCHAR)');
  const app = await db.conn.createAppender('bulk_lang');
  for (const { text } of rows) {
    const l = detectLanguage(text);
    if (!l) continue;
    app.appendVarchar(text);
    app.appendVarchar(l);
    app.endRow();
  }
  app.closeSync();
  await db.run(`UPDATE ${table} SET lang = l.lang, lang_source = 'detected' FROM bulk_lang l
    WHERE ${table}.lang IS NULL AND ${table}.text = l.text`);
  await db.run('DROP TABLE bulk_lang');
}

/**
 * Re-reads the given logical lines with the JavaScript importer: the header and those records,
 * byte for byte, in a temporary file of the same name; line numbers are mapped back to the
 * original file's.
 */
async function rescue(
  file: string,
  importer: PostImporter,
  idx: CsvLineIndex,
  logical: number[],
  stage: StagedLoad,
  onFailure: (f: ImportFailure) => void,
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'leaklens-rescue-'));
  const tmp = join(dir, basename(file));
  /** [line in tmp where a record starts, its line in the original], ascending. */
  const map: [number, number][] = [];
  const src = openSync(file, 'r');
  const out = openSync(tmp, 'w');
  try {
    let tmpLine = 1;
    for (const i of [0, ...logical]) {
      const from = idx.start[i] ?? 0;
      const to = i + 1 < idx.count ? (idx.start[i + 1] ?? idx.size) : idx.size;
      const buf = Buffer.alloc(to - from);
      readSync(src, buf, 0, buf.length, from);
      map.push([tmpLine, idx.line[i] ?? 0]);
      writeSync(out, buf);
      let nl = 0;
      for (const b of buf) if (b === 0x0a) nl++;
      if (buf[buf.length - 1] !== 0x0a) {
        writeSync(out, '\n');
        nl++;
      }
      tmpLine += nl;
    }
  } finally {
    closeSync(src);
    closeSync(out);
  }
  const orig = (n: number) => {
    let lo = 0;
    let hi = map.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((map[mid]?.[0] ?? 0) <= n) lo = mid;
      else hi = mid - 1;
    }
    const [t, o] = map[lo] ?? [n, n];
    return o + (n - t);
  };
  const name = basename(file);
  try {
    for await (const batch of importer.read(tmp)) {
      const posts: Post[] = batch.posts.map((p) => ({
        ...p,
        source: p.source.startsWith(`${tmp}:`)
          ? `${file}:${orig(Number(p.source.slice(tmp.length + 1)))}`
          : p.source,
      }));
      await stage.addPosts(posts, (p) =>
        p.lang
          ? { lang: p.lang, source: 'source' }
          : ((l) => ({ lang: l, source: l ? 'detected' : null }))(p.text ? detectLanguage(p.text) : null),
      );
      await stage.addAccounts(batch.accounts, (a) => countryOf(a.location));
      for (const f of batch.failures) {
        const line = f.line > 0 ? orig(f.line) : 0;
        const message = f.line > 0 ? f.message.replace(`${name}:${f.line}:`, `${name}:${line}:`) : f.message;
        onFailure({ ...f, file, line, message });
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
