import { commEdgesSql } from '../case/sql/triage.js';
import type { SqlDb } from '../case/sql-db.js';
import type { Store } from '../store/store.js';

/**
 * Communication graph: who writes to whom, how often, when. Built in SQL from the addresses table
 * (sender role 'from' to each to/cc/bcc address of the same message), so it costs one query, on
 * either engine (src/case/sql/triage.ts).
 */
export async function buildCommEdges(db: SqlDb): Promise<number> {
  await db.run('DELETE FROM comm_edges');
  return (await db.run(commEdgesSql(db.dialect))).changes;
}

export interface Correspondent {
  address: string;
  sent: number;
  received: number;
  total: number;
  first: string | null;
  last: string | null;
}

/**
 * Top correspondents of one address, both directions.
 * @example topCorrespondents(store, 'jd@x.fr', 10)
 */
export function topCorrespondents(store: Store, address: string, limit = 10): Correspondent[] {
  const a = address.toLowerCase();
  return store.db
    .prepare(
      `SELECT other AS address, sum(sent) AS sent, sum(received) AS received, sum(sent) + sum(received) AS total,
              min(first) AS first, max(last) AS last FROM (
         SELECT dst AS other, messages AS sent, 0 AS received, first, last FROM comm_edges WHERE src = ?
         UNION ALL
         SELECT src AS other, 0, messages, first, last FROM comm_edges WHERE dst = ?)
       GROUP BY other ORDER BY total DESC, other LIMIT ?`,
    )
    .all(a, a, limit) as Correspondent[];
}

export interface Edge {
  src: string;
  dst: string;
  messages: number;
  first: string | null;
  last: string | null;
}

/** The heaviest edges of the whole graph. */
export function topEdges(store: Store, limit = 20): Edge[] {
  return store.db
    .prepare(
      'SELECT src, dst, messages, first, last FROM comm_edges ORDER BY messages DESC, src, dst LIMIT ?',
    )
    .all(limit) as Edge[];
}
