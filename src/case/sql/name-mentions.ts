/**
 * Statements over `name_mentions` (migration 7), in the subset SQLite and PostgreSQL share.
 * Written by triage (src/analyze/names/stage.ts), read by the people views, search filters and eval.
 */
export const NAME_MENTIONS_SQL = {
  clear: 'DELETE FROM name_mentions',
  insert: `INSERT INTO name_mentions(item_id, field, type, text, name_key, start, "end", evidence, identity_id, passage)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (item_id, field, start) DO NOTHING`,
  /** Names in running text, most mentioned first: one row per (type, name_key, identity linked). */
  top: `SELECT type, name_key AS "key", max(text) AS text, count(*) AS mentions,
      count(DISTINCT item_id) AS items, identity_id
    FROM name_mentions WHERE (? = '' OR type = ?)
    GROUP BY type, name_key, identity_id ORDER BY mentions DESC, name_key, identity_id LIMIT ?`,
  countByType:
    'SELECT type, count(*) AS n, count(DISTINCT name_key) AS names FROM name_mentions GROUP BY type',
  /** Passages naming one identity (or, unlinked, one name key). */
  passagesOf: `SELECT item_id, field, type, text, start, "end", evidence, passage FROM name_mentions
    WHERE identity_id = ? OR (identity_id IS NULL AND type = 'PER' AND name_key = ?)
    ORDER BY item_id, field, start LIMIT ?`,
  itemsOf:
    'SELECT DISTINCT item_id FROM name_mentions WHERE type = ? AND name_key = ? ORDER BY item_id LIMIT ?',
  mentionsOfIdentity:
    'SELECT count(*) AS n, count(DISTINCT item_id) AS items FROM name_mentions WHERE identity_id = ?',
  byItem: `SELECT item_id, field, type, text, start, "end", evidence, identity_id FROM name_mentions
    ORDER BY item_id, field, start`,
} as const;

export interface NameMentionRow {
  item_id: string;
  field: string;
  type: 'PER' | 'ORG' | 'LOC';
  text: string;
  start: number;
  end: number;
  evidence: string;
  identity_id?: string | null;
  passage?: string;
}
