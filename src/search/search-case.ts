import { PgDb } from '../case/pg-db.js';
import type { SqlDb } from '../case/sql-db.js';
import { SqliteDb } from '../case/sqlite-db.js';
import { tableReady } from '../case/stage-ran.js';
import type { Badges } from './badges.js';
import { FACETS, type FacetDef, type FacetValue, shown } from './facets.js';
import { highlightStems } from './fts-expr.js';
import { PG_SEARCH_VERSION_SQL, pgFacetsOfHits } from './pg-facet-index.js';
import { planSearch, type SearchPlan } from './plan.js';
import { type ParsedQuery, parseQuery } from './query.js';
import {
  DETAIL_SQL,
  missingAnalysis,
  pageOf,
  type Row,
  readsVerdicts,
  type SearchOptions,
  type SearchResult,
  searchError,
  searchSqlite,
  toHits,
} from './search.js';

/**
 * Search on a case through the case layer, on either backend: the function a team server
 * (`serve --database`) calls. On SQLite it is the laptop engine itself (`search`), so the laptop
 * outputs do not change; on PostgreSQL the same query language is translated to tsquery
 * (plan.ts, pg-fts.ts) and the same counts come back (test/search/backends.test.ts).
 * @example
 * const store = await openCaseStore({ databaseUrl, caseName: 'macron' });
 * const res = await searchCase(store.db, 'facture from:jean', { limit: 20, facets: true });
 */
export async function searchCase(db: SqlDb, query: string, opts: SearchOptions = {}): Promise<SearchResult> {
  if (db instanceof SqliteDb) return searchSqlite(db.raw, query, opts);
  const t0 = performance.now();
  const q = parseQuery(query);
  const plan = planSearch(q, db.dialect, opts.sort ?? 'relevance');
  try {
    // One statement on a pool whose connections start with the search's settings (pg-db.ts
    // tuned): no BEGIN, set_config and COMMIT round trips around it. Inside a caller's
    // transaction, the settings are set locally first, as before.
    const tuned = db instanceof PgDb ? db.tuned(SEARCH_SETTINGS) : undefined;
    const found = tuned
      ? await searchPg(tuned, q, plan, query, opts, false)
      : await db.transaction((tx) => searchPg(tx, q, plan, query, opts, true));
    const res = found.res;
    if (found.rids) {
      res.facets =
        (await pgFacetsOfHits(db, found.rids, found.version!)) ?? (await facetsBySql(db, found.rids));
    }
    res.tookMs = since(t0);
    if (res.total === 0 && readsVerdicts(plan.where)) {
      const has = async (sql: string) => (await db.get(sql)) !== undefined;
      if (!(await has('SELECT 1 FROM verdicts LIMIT 1')) && (await has('SELECT 1 FROM emails LIMIT 1')))
        throw missingAnalysis('verdicts', 'leaklens verify');
    }
    return res;
  } catch (err) {
    throw searchError(err, query);
  }
}

/**
 * The statements of one search on PostgreSQL, in one read transaction. Sequential scans are
 * turned off for it: the planner counts a tsvector match as one cheap operator, but on a sequential
 * scan each match reads the row's body tsvector back from TOAST (4.4 KB on average in the
 * benchmark case), which made a common word 10 to 40 times slower than the GIN bitmap scans it
 * passed over (docs/search.md, "PostgreSQL").
 */
async function searchPg(
  db: SqlDb,
  q: ParsedQuery,
  plan: SearchPlan,
  query: string,
  opts: SearchOptions,
  setLocal: boolean,
): Promise<{ res: SearchResult; rids?: Int32Array; version?: string }> {
  const { limit, offset } = pageOf(opts);
  if (setLocal) await db.run(SETTINGS);
  // Without facets, the hit set, its count, the page and the page's rows are one statement
  // (plan.ts, rankedPageSql): one round trip, the GIN indexes read once. With facets, the same
  // statement also lists every hit's row id and the case's search version (first row only), read
  // in the same snapshot, and the facets are counted from them (pgFacetsOfHits).
  const extra = opts.facets
    ? `CASE WHEN p.ord IS NULL OR p.ord = 1 THEN (SELECT string_agg(rid::text, ',') FROM hits) END AS hit_rids,
       CASE WHEN p.ord IS NULL OR p.ord = 1 THEN (${PG_SEARCH_VERSION_SQL}) END AS search_version,`
    : '';
  const detail = DETAIL_SQL.replace('i.id = ?', 'i.id = page.id');
  // The page's badges (badges.ts: verdict, flag kinds with their severities) come with its rows.
  // Every team case has both tables (migrations 1 and 4).
  const rows = await db.all<Row & PageBadges & FacetColumns & { total: number; score: number }>(
    `WITH page AS (${plan.rankedPageSql!(plan.hitSql!, extra)})
     SELECT page.total, page.score, ${opts.facets ? 'page.hit_rids, page.search_version,' : ''} d.*,
       (SELECT v.verdict FROM verdicts v WHERE v.item_id = page.id) AS badge_verdict,
       (SELECT json_agg(json_build_object('kind', f.kind, 'severity', f.severity))
          FROM (SELECT DISTINCT kind, severity FROM flags WHERE item_id = page.id) f) AS badge_flags
     FROM page LEFT JOIN LATERAL (${detail}) d ON true ORDER BY page.ord`,
    [...plan.hitParams!, ...plan.rankedPageParams!(limit, offset)],
  );
  const total = Number(rows[0]?.total ?? 0);
  const pageRows = rows
    .filter((r) => r.id !== null)
    .map(({ total: _, badge_verdict: _v, badge_flags: _f, hit_rids: _h, search_version: _s, ...r }) => ({
      ...r,
      score: Number(r.score),
    }));
  const found = toHits(pageRows, highlightStems(q), badgesOf(rows.filter((r) => r.id !== null)));
  const res: SearchResult = { query, total, hits: found, facets: undefined, tookMs: 0 };
  if (opts.facets) {
    const listed = rows[0]?.hit_rids ?? '';
    return {
      res,
      rids: listed ? Int32Array.from(listed.split(','), Number) : new Int32Array(0),
      version: rows[0]!.search_version!,
    };
  }
  return { res };
}

interface FacetColumns {
  hit_rids?: string | null;
  search_version?: string | null;
}

/**
 * The facets of a hit set by SQL (facets.ts), as before the facet index: what a search answers
 * with at a search version this process has no index of (pg-facet-index.ts).
 */
async function facetsBySql(db: SqlDb, rids: ArrayLike<number>): Promise<Record<string, FacetValue[]>> {
  // Which facets are shown, asked of `db` itself: tableReady keeps what it found per SqlDb, and
  // each transaction is a new one (while a process built its facet index, every search answered
  // here looked the tables and stage stamps up again: 4-5 more round trips each).
  const defs: FacetDef[] = [];
  for (const f of FACETS) if (!f.needs || (await tableReady(db, f.needs))) defs.push(f);
  return db.transaction(async (tx) => (await facetsOf(tx, Array.from(rids), defs)).facets);
}

/**
 * The search's settings, for its transaction only (one round trip): sequential scans off (see
 * searchPg); random reads priced as the cached reads they are on a case that fits in memory (at
 * the default 4, the planner scanned every item to join a few hundred hits rather than look them
 * up); no JIT compilation, which costs tens of milliseconds and pays off only on plans far longer
 * than a search's.
 */
const SETTINGS = `SELECT set_config('enable_seqscan', 'off', true), set_config('random_page_cost', '1.1', true),
  set_config('jit', 'off', true)`;
/** SETTINGS as the start-up settings of the search pool's connections. */
const SEARCH_SETTINGS = { enable_seqscan: 'off', random_page_cost: '1.1', jit: 'off' };

const since = (t0: number) => Math.round((performance.now() - t0) * 10) / 10;

/**
 * Every facet and the total in one statement: the hit set is computed once (a materialised common
 * table expression named like SQLite's temporary table, so the facet SQL is the same) and each
 * facet is aggregated from it into a JSON array, kept in the facet's own order.
 */
async function facetsOf(
  db: SqlDb,
  rids: number[],
  defs: readonly FacetDef[],
): Promise<{ facets: Record<string, FacetValue[]> }> {
  // The facets' joins and GROUP BYs with sequential scans allowed: over thousands of hits, hash
  // joins beat index lookups by id.
  await db.run(SETTINGS);
  await db.run('SET LOCAL enable_seqscan = on');
  const cols = defs.map(
    (f) => `(SELECT COALESCE(json_agg(x), '[]') FROM (${f.sql} LIMIT ${f.limit}) x) AS "${f.name}"`,
  );
  const row = await db.get<Record<string, unknown>>(
    `WITH search_hits AS MATERIALIZED (SELECT unnest(?::bigint[]) AS rid) SELECT ${cols.join(', ')}`,
    [`{${rids.join(',')}}`],
  );
  const facets: Record<string, FacetValue[]> = {};
  for (const f of defs)
    facets[f.name] = shown(
      ((row?.[f.name] as { value: unknown; count: unknown }[]) ?? []).map((v) => ({
        value: v.value as string,
        count: Number(v.count),
      })),
    );
  return { facets };
}

/** Severity order of flag chips (badges.ts). */
const RANK: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };
const rank = (s: string) => RANK[s] ?? 5;

interface PageBadges {
  badge_verdict: string | null;
  badge_flags: { kind: string; severity: string }[] | null;
}

/** badges.ts's verdict and flag chips of the page's rows (the strongest severity of each kind). */
function badgesOf(rows: (PageBadges & { id: string })[]): Map<string, Badges> {
  const out = new Map<string, Badges>();
  for (const r of rows) out.set(r.id, { verdict: r.badge_verdict ?? null, flags: [] });
  const flags = rows.flatMap((r) => (r.badge_flags ?? []).map((f) => ({ id: r.id, ...f })));
  const best = new Map<string, string>();
  for (const f of flags) {
    const key = `${f.id}\u0000${f.kind}`;
    const cur = best.get(key);
    if (cur === undefined || rank(f.severity) < rank(cur)) best.set(key, f.severity);
  }
  for (const [key, severity] of best) {
    const [id, kind] = key.split('\u0000') as [string, string];
    out.get(id)!.flags.push({ kind, severity });
  }
  for (const b of out.values())
    b.flags.sort((a, c) => rank(a.severity) - rank(c.severity) || a.kind.localeCompare(c.kind));
  return out;
}
