import { tableExists } from '../case/has-table.js';
import { UPSERT_TRIAGE_STAT } from '../case/sql/triage.js';
import type { Dialect, SqlDb } from '../case/sql-db.js';
import { MAILBOX_JOINS, MAILBOX_OF_LOCATION } from './mailboxes.js';

/**
 * The overview sections that aggregate over every location, address or thread row (seconds on a
 * 21k-message case). The triage stage computes them once at its end and stores the JSON in
 * `triage_stats`, so `overview` reads them in milliseconds; before triage they are computed live.
 */
export interface HeavyParts {
  byMailbox: { mailbox: string; items: number }[];
  topOrganisations: { domain: string; messages: number; people: number }[];
  threads: {
    threadId: string;
    subject: string;
    messages: number;
    participants: number;
    first: string | null;
    last: string | null;
  }[];
}

const KEY = 'overview-heavy';

/**
 * The three aggregations, in SQLite's words or PostgreSQL's (`instr` is `strpos` there; text is
 * ordered and compared by code point, as SQLite's BINARY collation does, so both engines store the
 * same JSON).
 */
export function heavySql(dialect: Dialect): Record<keyof HeavyParts, string> {
  const pg = dialect === 'postgres';
  const c = pg ? ' COLLATE "C"' : '';
  const at = pg ? "strpos(address, '@')" : "instr(address, '@')";
  // Ordered by the select's own (collated) expression: PostgreSQL takes an output name in ORDER BY
  // only bare, not inside an expression.
  return {
    byMailbox: `SELECT ${pg ? `(${MAILBOX_OF_LOCATION})${c}` : MAILBOX_OF_LOCATION} AS mailbox, count(DISTINCT l.item_id) AS items
       FROM locations l JOIN emails e ON e.id = l.item_id ${MAILBOX_JOINS}
       GROUP BY mailbox ORDER BY items DESC, mailbox LIMIT 50`,
    topOrganisations: `SELECT lower(substr(address, ${at} + 1))${c} AS domain, count(DISTINCT item_id) AS messages, count(DISTINCT address) AS people
       FROM addresses WHERE ${at} > 0 GROUP BY domain ORDER BY messages DESC, domain LIMIT 20`,
    threads: `SELECT t.thread_id${c} AS "threadId", max(t.root_subject${c}) AS subject, count(DISTINCT t.item_id) AS messages,
                  count(DISTINCT a.address) AS participants, min(e.date${c}) AS first, max(e.date${c}) AS last
           FROM threads t JOIN emails e ON e.id = t.item_id LEFT JOIN addresses a ON a.item_id = t.item_id
           WHERE t.thread_id IN (SELECT thread_id FROM threads GROUP BY thread_id HAVING count(*) > 1)
           GROUP BY t.thread_id ORDER BY participants DESC, messages DESC, "threadId" LIMIT 10`,
  };
}

/** The three sections computed now (before triage, or a case triaged before they were stored). */
export async function computeHeavy(db: SqlDb, triaged: boolean): Promise<HeavyParts> {
  // A mailbox is the folder holding a message (for a maildir, the folder above cur/new/tmp); the
  // same message in two mailboxes counts in both.
  const q = heavySql(db.dialect);
  const [byMailbox, topOrganisations, threads] = await Promise.all([
    db.all<HeavyParts['byMailbox'][number]>(q.byMailbox),
    db.all<HeavyParts['topOrganisations'][number]>(q.topOrganisations),
    triaged ? db.all<HeavyParts['threads'][number]>(q.threads) : [],
  ]);
  return { byMailbox, topOrganisations, threads };
}

/** Called at the end of the triage stage (triage_stats is one of its tables), on either engine. */
export async function storeHeavy(db: SqlDb): Promise<void> {
  const q = heavySql(db.dialect);
  const heavy: HeavyParts = {
    byMailbox: await db.all(q.byMailbox),
    topOrganisations: await db.all(q.topOrganisations),
    threads: await db.all(q.threads),
  };
  await db.run(UPSERT_TRIAGE_STAT, [KEY, JSON.stringify(heavy)]);
}

/** The sections the triage stage stored, or null (before triage, or a case triaged before they were). */
export async function readHeavy(db: SqlDb): Promise<HeavyParts | null> {
  const row = (await tableExists(db, 'triage_stats'))
    ? await db.get<{ json: string }>('SELECT json FROM triage_stats WHERE key = ?', [KEY])
    : undefined;
  return row ? (JSON.parse(row.json) as HeavyParts) : null;
}
