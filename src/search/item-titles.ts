import type { SqlDb } from '../case/sql-db.js';

/** What a citation of an item shows: its title (subject, file name or name), where it was found, its hash. */
export interface ItemTitle {
  id: string;
  title: string;
  provenance: string;
  sha256: string | null;
}

/** Ids per lookup query: well under SQLite's and PostgreSQL's limits on bound parameters. */
const LOOKUP_BATCH = 500;

/** The title, provenance and hash of each of these items (unknown ids left out), read in batches. */
export async function itemTitles(db: SqlDb, ids: string[]): Promise<Map<string, ItemTitle>> {
  const out = new Map<string, ItemTitle>();
  for (let i = 0; i < ids.length; i += LOOKUP_BATCH) {
    const batch = ids.slice(i, i + LOOKUP_BATCH);
    const rows = await db.all<ItemTitle>(
      `SELECT i.id, coalesce(e.subject, d.filename, i.name, '') AS title, i.provenance, i.sha256 FROM items i
         LEFT JOIN emails e ON e.id = i.id LEFT JOIN documents d ON d.id = i.id
        WHERE i.id IN (${batch.map(() => '?').join(', ')})`,
      batch,
    );
    for (const r of rows) out.set(r.id, r);
  }
  return out;
}
