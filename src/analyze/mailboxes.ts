import type Database from 'better-sqlite3';
import type { SqlDb } from '../case/sql-db.js';

/**
 * A mailbox is the folder that holds a message: for a Maildir the folder above cur/new/tmp, else
 * the folder itself (an mbox file, a PST folder, a zip or a directory of .eml files). Counting
 * folders by format missed the mailboxes leaked as zips of .eml files (the demo's sixth mailbox),
 * so the overview, the report and the "By mailbox" table all use this one definition.
 */
export const MAILBOX_OF_LOCATION = `COALESCE(CASE WHEN f.name IN ('cur', 'new', 'tmp') THEN pf.name END, f.name, p.provenance, '(top level)')`;

/** The joins MAILBOX_OF_LOCATION reads, from `locations l JOIN emails e ON e.id = l.item_id`. */
export const MAILBOX_JOINS =
  'LEFT JOIN items p ON p.id = l.parent_id LEFT JOIN folders f ON f.id = l.parent_id LEFT JOIN folders pf ON pf.id = p.parent_id';

/** How many mailboxes hold at least one e-mail. */
export function countMailboxes(db: Database.Database): number {
  const row = db.prepare(MAILBOXES_SQL).get() as { n: number };
  return row.n;
}

const MAILBOXES_SQL = `SELECT count(DISTINCT ${MAILBOX_OF_LOCATION}) AS n FROM locations l JOIN emails e ON e.id = l.item_id ${MAILBOX_JOINS}`;

/** The same, through the case layer (a laptop case or a team case). */
export async function countMailboxesOf(db: SqlDb): Promise<number> {
  return Number((await db.get<{ n: number }>(MAILBOXES_SQL))?.n ?? 0);
}
