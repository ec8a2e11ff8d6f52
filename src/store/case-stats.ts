import { failureReasons } from './failures.js';
import type { Store } from './store.js';

/**
 * What a laptop case holds, counted (`leaklens stats`): items by kind, originals, sender domains,
 * months, document types, flags and failures.
 */
export interface CaseStats {
  items: { kind: string; count: number }[];
  blobs: { count: number; bytes: number };
  locations: number;
  senderDomains: { domain: string; count: number }[];
  months: { month: string; count: number }[];
  undated: number;
  mime: { mime: string; count: number }[];
  failures: { reason: string; count: number }[];
  flags: { kind: string; count: number }[];
}

/** Counts by kind, sender domain, month and failure reason. */
export function caseStats(store: Store): CaseStats {
  const db = store.db;
  const all = <T>(sql: string) => db.prepare(sql).all() as T[];
  const one = <T>(sql: string) => db.prepare(sql).get() as T;
  return {
    items: all<{ kind: string; count: number }>(
      'SELECT kind, count(*) AS count FROM items GROUP BY kind ORDER BY kind',
    ),
    blobs: one<{ count: number; bytes: number }>(
      'SELECT count(*) AS count, COALESCE(sum(size), 0) AS bytes FROM blobs',
    ),
    locations: one<{ count: number }>('SELECT count(*) AS count FROM locations').count,
    senderDomains: all<{ domain: string; count: number }>(
      'SELECT from_domain AS domain, count(*) AS count FROM emails WHERE from_domain IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 25',
    ),
    months: all<{ month: string; count: number }>(
      'SELECT substr(date, 1, 7) AS month, count(*) AS count FROM emails WHERE date IS NOT NULL GROUP BY 1 ORDER BY 1',
    ),
    undated: one<{ count: number }>('SELECT count(*) AS count FROM emails WHERE date IS NULL').count,
    mime: all<{ mime: string; count: number }>(
      "SELECT COALESCE(mime, '?') AS mime, count(*) AS count FROM items WHERE kind = 'Document' GROUP BY 1 ORDER BY 2 DESC LIMIT 20",
    ),
    failures: failureReasons(store),
    flags: all<{ kind: string; count: number }>(
      'SELECT kind, count(*) AS count FROM flags GROUP BY 1 ORDER BY 2 DESC',
    ),
  };
}

/** What `leaklens export` says of an item besides its bytes. */
export interface ItemFileRow {
  id: string;
  kind: string;
  name: string | null;
  mime: string | null;
  size: number | null;
  sha256: string | null;
}

/** An item's name, type, size and original (the blob its bytes are in), or undefined. */
export function itemFileRow(store: Store, id: string): ItemFileRow | undefined {
  return store.db.prepare('SELECT id, kind, name, mime, size, sha256 FROM items WHERE id = ?').get(id) as
    | ItemFileRow
    | undefined;
}
