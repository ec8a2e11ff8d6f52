import { isUtf8 } from 'node:buffer';
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { SocialDb } from '../../db.js';
import { sqlString } from '../../db.js';
import { StagedLoad } from '../../db-load.js';
import { countryOf } from '../../signals/country.js';
import { detectLanguage } from '../../signals/language.js';
import type { ImportFailure, Post } from '../../types.js';
import type { PostImporter } from '../common.js';
import { isJsonLines, readHead } from '../common.js';
import { fillBulkLanguages } from './csv-bulk.js';
import { placeByLocation } from './place.js';
import { ENTITY_LISTS } from './sql-text.js';

/**
 * What a JSON-lines format gives the bulk reader: the fields DuckDB's read_json builds for each
 * line, and SQL over them (table `bulk_events`, one row per line in file order) that does what
 * its JavaScript importer does, saying (`ok`) when it is sure. A line it is not sure of (a time
 * in an unusual form, a record the importer would refuse, a media entry it would warn about)
 * goes back to the JavaScript importer, which keeps it or records why not, with its line.
 */
export interface JsonLinesBulkSpec {
  format: string;
  /** read_json's `columns` parameter. */
  columns: string;
  /** Expression over one `bulk_events` row: true when the SQL below gives what the importer gives. */
  ok: string;
  /** Queries over `bulk_events` (ok rows only): the posts columns (entity lists as `hashtags_all`, `mentions_all`, `urls_all`), the accounts columns, the media columns. */
  posts(file: string): string;
  accounts: string;
  media?: string;
  /** `bulk_events` gets a column `line`: the line of the file each row was read from (for `file:line` sources). */
  lines?: boolean;
  /** Statements run over `bulk_events` (ok rows only) before the queries above, creating the tables they read. */
  prepare?: string;
  /** Run after `prepare`: what SQL cannot do the same way (mastodon.ts: the HTML of a status to text, with the importer's function). */
  transform?: (db: SocialDb) => Promise<void>;
  /** Drops what `prepare` created. */
  cleanup?: string;
  /** The accounts' `location` is placed with the gazetteer (countryOf), as the importer's accounts are. */
  placeAccounts?: boolean;
}

/** Bytes read at a time by the line scanner. */
const CHUNK_BYTES = 8 * 1024 * 1024;
/** Longest JSON line read_json takes (a Jetstream event is a few KB; DuckDB's default is 16 MB). */
const MAX_OBJECT_BYTES = 64 * 1024 * 1024;

interface LineScan {
  /** Physical line numbers (as readline counts them: LF, CR LF or a lone CR) of the lines read_json gets, in order. */
  kept: number[];
  /** Lines read_json must not get (not UTF-8, not one object): the importer reads them. */
  odd: number[];
  /** A file holding only the kept lines, when the original holds others (blank or odd lines, CRs, a BOM). */
  copy: string | null;
}

const isBlank = (b: Buffer, from: number, to: number) => {
  for (let i = from; i < to; i++) {
    const c = b[i];
    if (c !== 0x20 && c !== 0x09 && c !== 0x0b && c !== 0x0c) return false;
  }
  return true;
};

/** First and last bytes other than spaces and tabs are { and }. */
function objectShaped(b: Buffer, from: number, to: number): boolean {
  let i = from;
  let j = to - 1;
  while (i <= j && (b[i] === 0x20 || b[i] === 0x09)) i++;
  while (j >= i && (b[j] === 0x20 || b[j] === 0x09)) j--;
  return j > i && b[i] === 0x7b && b[j] === 0x7d;
}

/**
 * Numbers the lines of `file` as the importer's readLines does (LF, CR LF or a lone CR end a
 * line; a BOM opens the first) and sorts them: blank lines (the importer skips them), lines that
 * are plainly not one JSON object or not UTF-8 (the importer reads them), and the rest, for
 * read_json. When the file holds any line of the first two kinds, a CR or a BOM, the rest is
 * copied to `dir`, so read_json's rows map to lines one to one.
 */
function scanLines(file: string, dir: string): LineScan {
  const kept: number[] = [];
  const odd: number[] = [];
  /** Byte ranges [start, end) of the kept lines in the file, merged where only an LF parts them. */
  const ranges: number[] = [];
  let needCopy = false;
  const fd = openSync(file, 'r');
  try {
    let no = 0;
    let base = 0;
    let rest = Buffer.alloc(0);
    for (;;) {
      const buf = Buffer.allocUnsafe(CHUNK_BYTES);
      const n = readSync(fd, buf, 0, CHUNK_BYTES, base + rest.length);
      const eof = n === 0;
      const b = rest.length ? Buffer.concat([rest, buf.subarray(0, n)]) : buf.subarray(0, n);
      const utf8 = isUtf8(b);
      const line = (from: number, to: number) => {
        no++;
        let a = from;
        if (no === 1 && b[a] === 0xef && b[a + 1] === 0xbb && b[a + 2] === 0xbf) {
          a += 3;
          needCopy = true;
        }
        if (isBlank(b, a, to)) {
          needCopy = true;
        } else if (!objectShaped(b, a, to) || (!utf8 && !isUtf8(b.subarray(a, to)))) {
          odd.push(no);
          needCopy = true;
        } else {
          kept.push(no);
          const last = ranges.length - 1;
          if (last >= 1 && ranges[last] === base + a - 1 && b[a - 1] === 0x0a) ranges[last] = base + to;
          else ranges.push(base + a, base + to);
        }
      };
      let s = 0;
      for (;;) {
        let e = b.indexOf(0x0a, s);
        if (e < 0) {
          if (!eof || s >= b.length) break;
          e = b.length;
        }
        for (let seg = s; ; ) {
          const cr = b.indexOf(0x0d, seg);
          if (cr < 0 || cr >= e) {
            line(seg, e);
            break;
          }
          needCopy = true;
          line(seg, cr);
          seg = cr + 1;
          if (seg === e) break;
        }
        s = e + 1;
      }
      if (eof) break;
      base += s;
      rest = Buffer.from(b.subarray(s));
    }
    if (!needCopy) return { kept, odd, copy: null };
    const copy = join(dir, 'kept.jsonl');
    const out = openSync(copy, 'w');
    try {
      const buf = Buffer.allocUnsafe(CHUNK_BYTES);
      for (let i = 0; i < ranges.length; i += 2) {
        for (let at = ranges[i] ?? 0, end = ranges[i + 1] ?? 0; at < end; ) {
          const got = readSync(fd, buf, 0, Math.min(CHUNK_BYTES, end - at), at);
          if (!got) break;
          writeSync(out, buf, 0, got);
          at += got;
        }
        writeSync(out, '\n');
      }
    } finally {
      closeSync(out);
    }
    return { kept, odd, copy };
  } finally {
    closeSync(fd);
  }
}

/** True when the importer reads `file` as JSON lines (common.ts jsonRecords): the only layout this path takes. */
export function readAsJsonLines(file: string): boolean {
  return readHead(file, 4096).trimStart().startsWith('{') && isJsonLines(file);
}

export interface JsonBulkResult {
  read: number;
  /** Of `read`, the posts DuckDB's reader loaded (the others were re-read by the importer). */
  bulkRows: number;
  stage: StagedLoad;
}

/**
 * Imports a JSON-lines file with DuckDB's read_json: the lines the SQL is sure of in bulk; the
 * lines read_json must not get (not UTF-8, not one object) and those the SQL is not sure of are
 * re-read by `importer` itself, so each bad line is recorded with its file and line exactly as
 * the tolerant path records it. Returns null when the file cannot take this path (another
 * layout, or read_json refuses a line the scan let through): the caller uses the importer.
 */
export async function bulkImportJsonLines(
  db: SocialDb,
  file: string,
  importer: PostImporter,
  spec: JsonLinesBulkSpec,
  failures: ImportFailure[],
  onProgress?: (posts: number) => void,
): Promise<JsonBulkResult | null> {
  if (!readAsJsonLines(file)) return null;
  const dir = mkdtempSync(join(tmpdir(), 'leaklens-jsonl-'));
  try {
    onProgress?.(0);
    const scan = scanLines(file, dir);
    const src = sqlString(scan.copy ?? file);
    try {
      await db.run(`CREATE OR REPLACE TEMP TABLE bulk_events AS SELECT *, ${spec.ok} AS ok FROM (SELECT * FROM read_json(${src},
        format='newline_delimited', columns=${spec.columns}, maximum_object_size=${MAX_OBJECT_BYTES})) bulk_events`);
    } catch (err) {
      if (process.env.LEAKLENS_BULK_DEBUG) console.error(err);
      await dropStaging(db);
      return null;
    }
    const [cnt] = await db.all<{ n: number }>('SELECT count(*) AS n FROM bulk_events');
    // read_json skips nothing the scan kept: one row a line, in order (else rows and lines part).
    if ((cnt?.n ?? -1) !== scan.kept.length) {
      await dropStaging(db);
      return null;
    }
    const unsure = await db.all<{ k: number }>('SELECT rowid AS k FROM bulk_events WHERE NOT ok ORDER BY k');
    if (spec.lines) await numberLines(db, scan);
    await db.run('DELETE FROM bulk_events WHERE NOT ok');
    if (spec.prepare) await db.run(spec.prepare);
    await spec.transform?.(db);
    const fields = (q: string) =>
      `SELECT * EXCLUDE (hashtags_all, mentions_all, urls_all), ${ENTITY_LISTS} FROM (${q})`;
    await db.run(`CREATE OR REPLACE TEMP TABLE bulk_posts AS ${fields(spec.posts(file))}`);
    await db.run(`CREATE OR REPLACE TEMP TABLE bulk_accounts AS ${spec.accounts}`);
    if (spec.media) await db.run(`CREATE OR REPLACE TEMP TABLE bulk_media AS ${spec.media}`);
    await db.run('DROP TABLE bulk_events');
    if (spec.cleanup) await db.run(spec.cleanup);
    await fillBulkLanguages(db, 'bulk_posts');
    if (spec.placeAccounts)
      await placeByLocation(db, {
        table: 'bulk_accounts',
        location: 'location',
        country: 'country',
        source: 'country_source',
      });
    const [bp] = await db.all<{ n: number }>('SELECT count(*) AS n FROM bulk_posts');
    const stage = new JsonBulkStagedLoad(!!spec.media);
    const lines = [...scan.odd, ...unsure.map((u) => scan.kept[u.k] ?? 0)].sort((a, b) => a - b);
    if (lines.length) await rescueLines(file, importer, lines, dir, stage, failures);
    const read = (bp?.n ?? 0) + stage.postsWritten;
    onProgress?.(read);
    return { read, bulkRows: bp?.n ?? 0, stage };
  } catch (err) {
    await dropStaging(db);
    if (spec.cleanup) await db.run(spec.cleanup).catch(() => undefined);
    throw err;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Adds `line` to `bulk_events`: row k was read from line kept[k] (k + 1 when the file was read as it is). */
async function numberLines(db: SocialDb, scan: LineScan): Promise<void> {
  await db.run('ALTER TABLE bulk_events ADD COLUMN line BIGINT');
  if (!scan.copy) {
    await db.run('UPDATE bulk_events SET line = rowid + 1');
    return;
  }
  await db.run('CREATE OR REPLACE TEMP TABLE bulk_kept (k BIGINT, line BIGINT)');
  const app = await db.conn.createAppender('bulk_kept');
  for (const [k, line] of scan.kept.entries()) {
    app.appendBigInt(BigInt(k));
    app.appendBigInt(BigInt(line));
    app.endRow();
  }
  app.closeSync();
  await db.run('UPDATE bulk_events SET line = b.line FROM bulk_kept b WHERE bulk_events.rowid = b.k');
  await db.run('DROP TABLE bulk_kept');
}

async function dropStaging(db: SocialDb): Promise<void> {
  await db.run(
    'DROP TABLE IF EXISTS bulk_events; DROP TABLE IF EXISTS bulk_posts; DROP TABLE IF EXISTS bulk_accounts; DROP TABLE IF EXISTS bulk_media',
  );
}

/** Commits the re-read lines together with the bulk tables, in one transaction. */
class JsonBulkStagedLoad extends StagedLoad {
  constructor(private readonly withMedia: boolean) {
    super();
  }
  override async commit(
    db: SocialDb,
    failures: ImportFailure[],
    opts: Parameters<StagedLoad['commit']>[2] = {},
  ) {
    try {
      return await super.commit(db, failures, {
        ...opts,
        more: {
          posts: 'SELECT * FROM bulk_posts',
          accounts: 'SELECT * FROM bulk_accounts',
          media: this.withMedia ? 'SELECT * FROM bulk_media' : undefined,
          afterStaging: 'DROP TABLE bulk_posts; DROP TABLE bulk_accounts; DROP TABLE IF EXISTS bulk_media',
        },
      });
    } finally {
      await dropStaging(db);
    }
  }
}

/**
 * Re-reads the given lines with the JavaScript importer, from a file holding each of them at its
 * own line number (blank lines between: the importer skips those), so sources and failures
 * name the original lines; the file has the original's name, so messages do too.
 */
async function rescueLines(
  file: string,
  importer: PostImporter,
  lines: number[],
  dir: string,
  stage: StagedLoad,
  failures: ImportFailure[],
): Promise<void> {
  const want = new Set(lines);
  const sub = mkdtempSync(join(dir, 'rescue-'));
  const tmp = join(sub, basename(file));
  const out = openSync(tmp, 'w');
  const fd = openSync(file, 'r');
  try {
    let no = 0;
    let at = 0;
    let rest = Buffer.alloc(0);
    const last = lines[lines.length - 1] ?? 0;
    const buf = Buffer.allocUnsafe(CHUNK_BYTES);
    for (let eof = false; !eof && no < last; ) {
      const n = readSync(fd, buf, 0, CHUNK_BYTES, at);
      at += n;
      eof = n === 0;
      const b = rest.length ? Buffer.concat([rest, buf.subarray(0, n)]) : buf.subarray(0, n);
      let s = 0;
      for (;;) {
        let e = b.indexOf(0x0a, s);
        if (e < 0) {
          if (!eof || s >= b.length) break;
          e = b.length;
        }
        for (let seg = s; ; ) {
          const cr = b.indexOf(0x0d, seg);
          const end = cr < 0 || cr >= e ? e : cr;
          no++;
          if (want.has(no)) writeSync(out, b, seg, end - seg);
          writeSync(out, '\n');
          if (end === e) break;
          seg = end + 1;
          if (seg === e) break;
        }
        s = e + 1;
      }
      rest = s < b.length ? Buffer.from(b.subarray(s)) : Buffer.alloc(0);
    }
  } finally {
    closeSync(fd);
    closeSync(out);
  }
  for await (const batch of importer.read(tmp, { jsonLines: true })) {
    const posts: Post[] = batch.posts.map((p) => ({
      ...p,
      source: p.source.startsWith(`${tmp}:`) ? `${file}:${p.source.slice(tmp.length + 1)}` : p.source,
    }));
    await stage.addPosts(posts, (p) =>
      p.lang
        ? { lang: p.lang, source: 'source' }
        : ((l) => ({ lang: l, source: l ? 'detected' : null }))(p.text ? detectLanguage(p.text) : null),
    );
    await stage.addAccounts(batch.accounts, (a) => countryOf(a.location));
    for (const f of batch.failures) failures.push({ ...f, file });
  }
}
