import type Database from 'better-sqlite3';
import { countMailboxes } from '../analyze/mailboxes.js';
import type { Store } from '../store/store.js';
import { hasTable } from '../web/context.js';

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

const num = (db: Database.Database, sql: string, ...p: unknown[]): number =>
  Number((db.prepare(sql).get(...p) as { n: number | null } | undefined)?.n ?? 0);

const counts = (db: Database.Database, sql: string, ...p: unknown[]): Count[] =>
  (db.prepare(sql).all(...p) as Count[]).map((r) => ({
    ...r,
    value: String(r.value ?? ''),
    count: Number(r.count),
  }));

/**
 * Gathers the facts of a case with plain SQL over the core schema; tables of other areas
 * (verdicts, doc_types) are used when present and reported as null when absent.
 * @example
 * const f = caseFacts(Store.open(dir)); f.counts.emails
 */
export function caseFacts(store: Store): CaseFacts {
  const db = store.db;
  const range = db
    .prepare('SELECT min(date) AS first, max(date) AS last FROM emails WHERE date IS NOT NULL')
    .get() as {
    first: string | null;
    last: string | null;
  };
  const spanDays =
    range.first && range.last ? (Date.parse(range.last) - Date.parse(range.first)) / 86400_000 : 0;
  const timelineUnit = spanDays < 120 ? 'day' : 'month';
  const cut = timelineUnit === 'day' ? 10 : 7;
  return {
    counts: {
      emails: num(db, 'SELECT count(*) AS n FROM emails'),
      documents: num(db, 'SELECT count(*) AS n FROM documents'),
      attachments: num(
        db,
        "SELECT count(*) AS n FROM items d JOIN items p ON p.id = d.parent_id WHERE d.kind = 'Document' AND p.kind = 'Email'",
      ),
      folders: num(db, 'SELECT count(*) AS n FROM folders'),
      mailboxes: countMailboxes(db),
      failures: num(db, 'SELECT count(*) AS n FROM failures'),
      flags: num(db, 'SELECT count(*) AS n FROM flags'),
      bytes: num(db, 'SELECT sum(size) AS n FROM journal'),
    },
    dateRange: range,
    timelineUnit,
    timeline: counts(
      db,
      `SELECT substr(date, 1, ${cut}) AS value, count(*) AS count FROM emails WHERE date IS NOT NULL GROUP BY 1 ORDER BY 1`,
    ),
    // null until verify has run: every case has the table (migration 4), a verified one has rows.
    verdicts: hasTable(db, 'verdicts')
      ? nullIfEmpty(
          counts(db, 'SELECT verdict AS value, count(*) AS count FROM verdicts GROUP BY 1 ORDER BY 2 DESC'),
        )
      : null,
    topSenders: counts(
      db,
      "SELECT from_addr AS value, max(coalesce(from_name, '')) AS label, count(*) AS count FROM emails WHERE from_addr IS NOT NULL GROUP BY 1 ORDER BY 3 DESC, 1 LIMIT 15",
    ),
    topDomains: counts(
      db,
      'SELECT from_domain AS value, count(*) AS count FROM emails WHERE from_domain IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 15',
    ),
    docTypes: docTypes(db),
    mimeTypes: counts(
      db,
      "SELECT coalesce(mime, 'unknown') AS value, count(*) AS count FROM documents GROUP BY 1 ORDER BY 2 DESC LIMIT 15",
    ),
    failureReasons: counts(
      db,
      'SELECT reason AS value, count(*) AS count FROM failures GROUP BY 1 ORDER BY 2 DESC',
    ),
    flagKinds: db
      .prepare(
        'SELECT kind, max(severity) AS severity, count(*) AS count, min(message) AS example FROM flags GROUP BY kind ORDER BY 3 DESC LIMIT 30',
      )
      .all() as CaseFacts['flagKinds'],
    sources: counts(db, 'SELECT format AS value, count(*) AS count FROM folders GROUP BY 1 ORDER BY 2 DESC'),
  };
}

/** Document types from the triage area's table, whatever it calls its type column. */
function docTypes(db: Database.Database): Count[] | null {
  if (!hasTable(db, 'doc_types')) return null;
  const cols = (db.prepare('PRAGMA table_info(doc_types)').all() as { name: string }[]).map((c) => c.name);
  const col = ['type', 'doc_type', 'label', 'category'].find((c) => cols.includes(c));
  if (!col) return null;
  return counts(
    db,
    `SELECT "${col}" AS value, count(*) AS count FROM doc_types GROUP BY 1 ORDER BY 2 DESC LIMIT 20`,
  );
}

const nullIfEmpty = <T>(rows: T[]): T[] | null => (rows.length ? rows : null);
