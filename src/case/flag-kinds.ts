import { byCodePoint } from './has-table.js';
import type { SqlDb } from './sql-db.js';

/** One kind of flag a stage raised, with the items it was raised on. */
export interface FlagKind {
  kind: string;
  /** The first message of the kind, by code point (they differ only in their details). */
  message: string;
  /** Flags of this kind. */
  n: number;
  /** The flagged items, in dump order (provenance, then id). */
  items: string[];
}

/**
 * The kinds of flag one stage raised, most frequent first (ties by kind), each with its items in
 * dump order: SQL gives no order of its own, so both engines list them alike.
 * @example (await flagKindsOfStage(db, 'verify'))[0] // { kind: 'received-backwards', n: 3, … }
 */
export async function flagKindsOfStage(db: SqlDb, stage: string): Promise<FlagKind[]> {
  const cp = (e: string) => byCodePoint(db, e);
  const rows = await db.all<{ kind: string; message: string; n: number; items: string }>(
    `SELECT f.kind, min(${cp('f.message')}) AS message, count(*) AS n,
            string_agg(f.item_id, ',' ORDER BY ${cp('i.provenance')}, ${cp('f.item_id')}) AS items
       FROM flags f LEFT JOIN items i ON i.id = f.item_id
      WHERE f.stage = ? GROUP BY f.kind ORDER BY 3 DESC, ${cp('f.kind')}`,
    [stage],
  );
  return rows.map((r) => ({ kind: r.kind, message: r.message, n: Number(r.n), items: r.items.split(',') }));
}
