import type { SqlDb } from '../case/sql-db.js';
import { tableReady } from '../case/stage-ran.js';
import { buildColumns, type Column, countFacets, SPECS } from './facet-index.js';
import type { FacetValue } from './facets.js';

/**
 * Facets of a team case counted in memory, as on the laptop (facet-index.ts; issue #12): the
 * SQL facets (facets.ts) joined every hit to items, e-mails, documents and addresses, nine
 * GROUP BYs per search, whose cost grew with the matches (p95 119 ms with facets against 27 ms
 * without on the 21,075-message case). Here a server process keeps, per case, one small integer
 * per item and facet (the same columns as SQLite's index, read from PostgreSQL in one snapshot),
 * under the case's search version (migration 16: it moves with every committed write to a table
 * the facets read, and with the stage-run stamps that decide which facets are shown). A search
 * lists its hit row ids with that version in its own statement (so both come from one snapshot)
 * and counts them here when the index has the same version.
 *
 * A version seen for the first time is answered by the SQL facets, and the index is built on the
 * second search at that version: a one-shot `leaklens search --database` does not pay for an
 * index it would use once, and a server beside a running ingest (a new version at nearly every
 * search) answers at the old cost instead of rebuilding for each search.
 */

/**
 * The search version in the reader's snapshot: the sum and number of the per-backend write
 * counters (each only grows, rows are never removed), and the table's oid (a case dropped and
 * made again under the same name starts from zero).
 */
export const PG_SEARCH_VERSION_SQL = `SELECT coalesce(sum(n), 0)::text || ':' || count(*)::text || ':' || 'search_writes'::regclass::oid::text FROM search_writes`;

interface PgFacetIndex {
  version: string;
  columns: Map<string, Column>;
}

interface Kept {
  index: PgFacetIndex | null;
  /** The last version a search saw without an index of it. */
  seen: string | null;
  /** A build under way (searches arriving meanwhile answer by SQL). */
  building: Promise<PgFacetIndex> | null;
}

const kept = new WeakMap<SqlDb, Kept>();

/** How many times a facet index was built in this process (tests check when it is rebuilt). */
export const pgFacetIndexBuilds = { n: 0 };

/**
 * The facets of a hit set (item row ids) read at `version`, from this process's index of the
 * case, or null when there is none of that version yet (the caller then counts them by SQL). The
 * index is built on the second search at a version.
 */
export async function pgFacetsOfHits(
  db: SqlDb,
  hits: ArrayLike<number>,
  version: string,
): Promise<Record<string, FacetValue[]> | null> {
  let k = kept.get(db);
  if (!k) {
    k = { index: null, seen: null, building: null };
    kept.set(db, k);
  }
  if (k.index?.version === version) return countFacets(k.index.columns, hits);
  if (k.seen !== version || k.building) {
    k.seen = version;
    return null;
  }
  const state = k;
  state.building = buildPgFacetIndex(db);
  try {
    state.index = await state.building;
  } finally {
    state.building = null;
  }
  return state.index.version === version ? countFacets(state.index.columns, hits) : null;
}

/**
 * The facet columns of a team case and the search version they are of, read in one snapshot
 * (a REPEATABLE READ transaction): which facets are shown (tableReady, as the SQL facets decide),
 * then each facet's (rowid, value) rows, the same statements as SQLite's index.
 */
export async function buildPgFacetIndex(db: SqlDb): Promise<PgFacetIndex> {
  const index = await db.transaction(async (tx) => {
    await tx.run('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    const version = (await tx.get<{ v: string }>(`SELECT (${PG_SEARCH_VERSION_SQL}) AS v`))!.v;
    const max = (await tx.get<{ m: number | null }>('SELECT max(rowid) AS m FROM items'))?.m ?? 0;
    const specs = [];
    for (const s of SPECS) if (!s.needs || (await tableReady(tx, s.needs))) specs.push(s);
    const rows = new Map<string, unknown[][]>();
    for (const sql of new Set(specs.map((s) => s.sql)))
      rows.set(
        sql,
        (await tx.all<Record<string, unknown>>(sql)).map((r) => Object.values(r)),
      );
    return { version, columns: buildColumns(specs, (sql) => rows.get(sql)!, Number(max) + 1) };
  });
  pgFacetIndexBuilds.n++;
  return index;
}
