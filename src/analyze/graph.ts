import { byCodePoint } from '../case/has-table.js';
import { asciiLower } from '../case/portable.js';
import { commEdgesSql } from '../case/sql/triage.js';
import type { SqlDb } from '../case/sql-db.js';

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
 * Top correspondents of one address, both directions, on either engine (ties by address, in code
 * point order).
 * @example await topCorrespondents(db, 'jd@x.fr', 10)
 */
export async function topCorrespondents(db: SqlDb, address: string, limit = 10): Promise<Correspondent[]> {
  const a = address.toLowerCase();
  const cp = (e: string) => byCodePoint(db, e);
  const rows = await db.all<Correspondent>(
    `SELECT other AS address, sum(sent) AS sent, sum(received) AS received, sum(sent) + sum(received) AS total,
            min(${cp('first')}) AS first, max(${cp('last')}) AS last FROM (
       SELECT dst AS other, messages AS sent, 0 AS received, first, last FROM comm_edges WHERE src = ?
       UNION ALL
       SELECT src AS other, 0, messages, first, last FROM comm_edges WHERE dst = ?) x
     GROUP BY other ORDER BY total DESC, ${cp('other')} LIMIT ?`,
    [a, a, limit],
  );
  // PostgreSQL sums BIGINTs as NUMERIC, which arrives as a string.
  return rows.map((r) => ({
    ...r,
    sent: Number(r.sent),
    received: Number(r.received),
    total: Number(r.total),
  }));
}

export interface Edge {
  src: string;
  dst: string;
  messages: number;
  first: string | null;
  last: string | null;
}

/** The heaviest edges of the whole graph (ties by sender, then recipient, in code point order). */
export async function topEdges(db: SqlDb, limit = 20): Promise<Edge[]> {
  const cp = (e: string) => byCodePoint(db, e);
  return db.all<Edge>(
    `SELECT src, dst, messages, first, last FROM comm_edges ORDER BY messages DESC, ${cp('src')}, ${cp('dst')} LIMIT ?`,
    [limit],
  );
}

/** An identity of the case (triage's `identities`) with its top correspondents, as `leaklens graph NAME` lists it. */
export interface IdentityWithCorrespondents {
  id: string;
  name: string;
  names: string[];
  addresses: string[];
  sightings: number;
  correspondents: Correspondent[];
}

/**
 * The identities whose name, name forms or addresses contain `q` (ASCII letters in either case),
 * most seen first, each with its ten top correspondents over all its addresses.
 * @example await identitiesMatching(db, 'dupont', 20)
 */
export async function identitiesMatching(
  db: SqlDb,
  q: string,
  limit: number,
): Promise<IdentityWithCorrespondents[]> {
  const like = `%${q.toLowerCase()}%`;
  const rows = await db.all<{
    id: string;
    name: string;
    names_json: string;
    addresses_json: string;
    count: number;
  }>(
    `SELECT * FROM identities WHERE ${matches(db, 'names_json')} OR ${matches(db, 'addresses_json')} OR ${matches(db, 'name')}
      ORDER BY count DESC, ${byCodePoint(db, 'name')}, ${byCodePoint(db, 'id')} LIMIT ?`,
    [like, like, like, limit],
  );
  const people: IdentityWithCorrespondents[] = [];
  for (const r of rows) {
    const addresses = JSON.parse(r.addresses_json) as string[];
    const all: Correspondent[] = [];
    for (const a of addresses) all.push(...(await topCorrespondents(db, a, 10)));
    const correspondents = all
      .sort((a, b) => b.total - a.total || a.address.localeCompare(b.address))
      .slice(0, 10);
    people.push({
      id: r.id,
      name: r.name,
      names: JSON.parse(r.names_json) as string[],
      addresses,
      sightings: Number(r.count),
      correspondents,
    });
  }
  return people;
}

/**
 * `expr LIKE ?` as SQLite reads it (the pattern is lower-case): ASCII letters of `expr` folded, no
 * escape character. PostgreSQL's LIKE is case-sensitive and takes `\` as its escape by default.
 */
function matches(db: SqlDb, expr: string): string {
  return db.dialect === 'postgres' ? `${asciiLower(db, expr)} LIKE ? ESCAPE ''` : `lower(${expr}) LIKE ?`;
}
