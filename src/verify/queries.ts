import { byCodePoint } from '../case/has-table.js';
import type { SqlDb } from '../case/sql-db.js';
import type { Store } from '../store/store.js';
import { VERDICTS, type Verdict } from './types.js';

/**
 * Reads of the verdicts the verify stage wrote, for the CLI's lists and a team run's tally
 * (presenters format them; HOUSE.md: no SQL in src/cli).
 */

/** Messages by verdict, every verdict present (0 when none). */
export async function verdictCounts(db: SqlDb): Promise<Record<Verdict, number>> {
  const counts = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
  for (const r of await db.all<{ verdict: Verdict; n: number }>(
    'SELECT verdict, count(*) AS n FROM verdicts GROUP BY verdict',
  ))
    counts[r.verdict] = Number(r.n);
  return counts;
}

/** The flags the verify stage raised (forensic flags), counted. */
export async function verifyFlagCount(db: SqlDb): Promise<number> {
  const f = await db.get<{ n: number }>("SELECT count(*) AS n FROM flags WHERE stage = 'verify'");
  return Number(f?.n ?? 0);
}

export interface VerdictListRow {
  itemId: string;
  reason: string | null;
  signingDomains: string | null;
  asOf: string | null;
  from: string | null;
  subject: string | null;
  date: string | null;
}

/** The messages of one verdict with their sender and subject, by date (`leaklens verify --list`). */
export function messagesWithVerdict(store: Store, verdict: Verdict): VerdictListRow[] {
  return store.db
    .prepare(
      `SELECT v.item_id AS itemId, v.reason, v.signing_domains AS signingDomains, v.as_of AS asOf, e.from_addr AS "from", e.subject, e.date
       FROM verdicts v LEFT JOIN emails e ON e.id = v.item_id WHERE v.verdict = ? ORDER BY e.date, v.item_id`,
    )
    .all(verdict) as VerdictListRow[];
}

/**
 * The messages whose content was changed after signing: a body or signature that fails, or a
 * flag saying the text and HTML parts or a signed header differ. Ids by code point.
 */
export async function alteredMessages(db: SqlDb): Promise<string[]> {
  const rows = await db.all<{ id: string }>(
    `SELECT id FROM (SELECT item_id AS id FROM verdicts WHERE verdict IN ('body-altered', 'signature-invalid')
       UNION SELECT item_id FROM flags WHERE kind IN ('text-html-mismatch', 'signed-header-changed')) u
      ORDER BY ${byCodePoint(db, 'id')}`,
  );
  return rows.map((r) => r.id);
}
