import { byCodePoint, tableColumns, tableExists } from '../case/has-table.js';
import type { SqlDb } from '../case/sql-db.js';
import { tableReady } from '../case/stage-ran.js';
import { countMailboxesOf } from './mailboxes.js';

/** A value with how many items carry it (facet, chart bar). */
export interface Count {
  value: string;
  count: number;
  label?: string;
}

/** Everything the overview page and the report's first chapters say about the dump. */
export interface CaseFacts {
  counts: {
    emails: number;
    documents: number;
    attachments: number;
    folders: number;
    /** Folders holding e-mail (src/analyze/mailboxes.ts). */
    mailboxes: number;
    failures: number;
    flags: number;
    bytes: number;
  };
  dateRange: { first: string | null; last: string | null };
  /** 'day' when the mail spans under 120 days, else 'month'. */
  timelineUnit: 'day' | 'month';
  timeline: Count[];
  verdicts: Count[] | null;
  topSenders: Count[];
  topDomains: Count[];
  docTypes: Count[] | null;
  mimeTypes: Count[];
  failureReasons: Count[];
  flagKinds: { kind: string; severity: string; count: number; example: string }[];
  sources: Count[];
}

const num = async (db: SqlDb, sql: string): Promise<number> =>
  Number((await db.get<{ n: number | string | null }>(sql))?.n ?? 0);

const counts = async (db: SqlDb, sql: string): Promise<Count[]> =>
  (await db.all<Count>(sql)).map((r) => ({
    ...r,
    value: String(r.value ?? ''),
    count: Number(r.count),
  }));

/**
 * Gathers the facts of a case with plain SQL over the core schema, through the case layer (a
 * laptop case or a team case give the same facts); tables of other areas (verdicts, doc_types)
 * are used when their stage has run and reported as null before. Ties are broken by value, in
 * code point order, so both engines list them alike.
 * @example
 * const f = await caseFacts(new SqliteDb(store.db)); f.counts.emails
 */
export async function caseFacts(db: SqlDb): Promise<CaseFacts> {
  const cp = (expr: string) => byCodePoint(db, expr);
  const range = (await db.get<{ first: string | null; last: string | null }>(
    `SELECT min(${cp('date')}) AS first, max(${cp('date')}) AS last FROM emails WHERE date IS NOT NULL`,
  )) ?? { first: null, last: null };
  const spanDays =
    range.first && range.last ? (Date.parse(range.last) - Date.parse(range.first)) / 86400_000 : 0;
  const timelineUnit = spanDays < 120 ? 'day' : 'month';
  const cut = timelineUnit === 'day' ? 10 : 7;
  const [
    emails,
    documents,
    attachments,
    folders,
    mailboxes,
    failures,
    flags,
    bytes,
    timeline,
    verdicts,
    topSenders,
    topDomains,
    docTypesOf,
    mimeTypes,
    failureReasons,
    flagKinds,
    sources,
  ] = await Promise.all([
    num(db, 'SELECT count(*) AS n FROM emails'),
    num(db, 'SELECT count(*) AS n FROM documents'),
    // Documents attached to at least one e-mail, from every place each was found: an item's own
    // parent is only the first place a writer saw it, which on a team case depends on which
    // worker finished first (a file found loose and attached, an attachment in several e-mails).
    num(
      db,
      "SELECT count(DISTINCT l.item_id) AS n FROM locations l JOIN items d ON d.id = l.item_id JOIN items p ON p.id = l.parent_id WHERE d.kind = 'Document' AND p.kind = 'Email'",
    ),
    num(db, 'SELECT count(*) AS n FROM folders'),
    countMailboxesOf(db),
    num(db, 'SELECT count(*) AS n FROM failures'),
    num(db, 'SELECT count(*) AS n FROM flags'),
    num(db, 'SELECT sum(size) AS n FROM journal'),
    counts(
      db,
      `SELECT substr(date, 1, ${cut}) AS value, count(*) AS count FROM emails WHERE date IS NOT NULL GROUP BY 1 ORDER BY ${cp(`substr(date, 1, ${cut})`)}`,
    ),
    // null until verify has run: every case has the table (migration 4), a verified one has rows.
    tableExists(db, 'verdicts').then(async (has) =>
      has
        ? nullIfEmpty(
            await counts(
              db,
              `SELECT verdict AS value, count(*) AS count FROM verdicts GROUP BY verdict ORDER BY 2 DESC, ${cp('verdict')}`,
            ),
          )
        : null,
    ),
    counts(
      db,
      `SELECT from_addr AS value, max(${cp("coalesce(from_name, '')")}) AS label, count(*) AS count FROM emails WHERE from_addr IS NOT NULL GROUP BY from_addr ORDER BY 3 DESC, ${cp('from_addr')} LIMIT 15`,
    ),
    counts(
      db,
      `SELECT from_domain AS value, count(*) AS count FROM emails WHERE from_domain IS NOT NULL GROUP BY from_domain ORDER BY 2 DESC, ${cp('from_domain')} LIMIT 15`,
    ),
    docTypes(db),
    counts(
      db,
      `SELECT coalesce(mime, 'unknown') AS value, count(*) AS count FROM documents GROUP BY 1 ORDER BY 2 DESC, ${cp("coalesce(mime, 'unknown')")} LIMIT 15`,
    ),
    counts(
      db,
      `SELECT reason AS value, count(*) AS count FROM failures GROUP BY reason ORDER BY 2 DESC, ${cp('reason')}`,
    ),
    db
      .all<CaseFacts['flagKinds'][number]>(
        `SELECT kind, max(${cp('severity')}) AS severity, count(*) AS count, min(${cp('message')}) AS example FROM flags GROUP BY kind ORDER BY 3 DESC, ${cp('kind')} LIMIT 30`,
      )
      .then((rows) => rows.map((r) => ({ ...r, count: Number(r.count) }))),
    counts(
      db,
      `SELECT format AS value, count(*) AS count FROM folders GROUP BY format ORDER BY 2 DESC, ${cp('format')}`,
    ),
  ]);
  return {
    counts: { emails, documents, attachments, folders, mailboxes, failures, flags, bytes },
    dateRange: range,
    timelineUnit,
    timeline,
    verdicts,
    topSenders,
    topDomains,
    docTypes: docTypesOf,
    mimeTypes,
    failureReasons,
    flagKinds,
    sources,
  };
}

/** Document types from the triage area's table, whatever it calls its type column (null before triage). */
async function docTypes(db: SqlDb): Promise<Count[] | null> {
  if (!(await tableReady(db, 'doc_types'))) return null;
  const cols = await tableColumns(db, 'doc_types');
  const col = ['type', 'doc_type', 'label', 'category'].find((c) => cols.includes(c));
  if (!col) return null;
  return counts(
    db,
    `SELECT "${col}" AS value, count(*) AS count FROM doc_types GROUP BY "${col}" ORDER BY 2 DESC, ${byCodePoint(db, `"${col}"`)} LIMIT 20`,
  );
}

/**
 * The earliest and the latest dated e-mail (as lists of at most one id, for citations). Messages of
 * the same second: the smallest id, so a laptop case and a team case cite alike.
 */
export async function earliestAndLatestEmail(db: SqlDb): Promise<{ first: string[]; last: string[] }> {
  const cp = (expr: string) => byCodePoint(db, expr);
  const one = async (dir: '' | ' DESC') =>
    (
      await db.all<{ id: string }>(
        `SELECT id FROM emails WHERE date IS NOT NULL ORDER BY ${cp('date')}${dir}, ${cp('id')} LIMIT 1`,
      )
    ).map((r) => r.id);
  return { first: await one(''), last: await one(' DESC') };
}

const nullIfEmpty = <T>(rows: T[]): T[] | null => (rows.length ? rows : null);
