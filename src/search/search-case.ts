import type { SqlDb } from '../case/sql-db.js';
import { SqliteDb } from '../case/sqlite-db.js';
import { tableReady } from '../case/stage-ran.js';
import type { Badges } from './badges.js';
import { FACETS, type FacetValue, shown } from './facets.js';
import { highlightStems } from './fts-expr.js';
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
    const res = await db.transaction((tx) => searchPg(tx, q, plan, query, opts, t0));
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
  t0: number,
): Promise<SearchResult> {
  const { limit, offset } = pageOf(opts);
  await db.run(SETTINGS);
  const hitSet = plan.hitSql!;
  let facets: Record<string, FacetValue[]> | undefined;
  // With facets, the hit set is read once for them, and the page ranked over those row ids;
  // without, the hit set, its count, the page and the page's rows are one statement (plan.ts,
  // rankedPageSql): one round trip, the GIN indexes read once.
  let hits = hitSet;
  let hitParams = plan.hitParams!;
  if (opts.facets) {
    let rids: number[];
    ({ rids, facets } = await facetsOf(db, hitSet, hitParams));
    hits = 'SELECT unnest(?::bigint[]) AS rid';
    hitParams = [`{${rids.join(',')}}`];
  }
  const detail = DETAIL_SQL.replace('i.id = ?', 'i.id = page.id');
  // The page's badges (badges.ts: verdict, flag kinds with their severities) come with its rows.
  // Every team case has both tables (migrations 1 and 4).
  const rows = await db.all<Row & PageBadges & { total: number; score: number }>(
    `WITH page AS (${plan.rankedPageSql!(hits)})
     SELECT page.total, page.score, d.*,
       (SELECT v.verdict FROM verdicts v WHERE v.item_id = page.id) AS badge_verdict,
       (SELECT json_agg(json_build_object('kind', f.kind, 'severity', f.severity))
          FROM (SELECT DISTINCT kind, severity FROM flags WHERE item_id = page.id) f) AS badge_flags
     FROM page LEFT JOIN LATERAL (${detail}) d ON true ORDER BY page.ord`,
    [...hitParams, ...plan.rankedPageParams!(limit, offset)],
  );
  const total = Number(rows[0]?.total ?? 0);
  const pageRows = rows
    .filter((r) => r.id !== null)
    .map(({ total: _, badge_verdict: _v, badge_flags: _f, ...r }) => ({ ...r, score: Number(r.score) }));
  const found = toHits(pageRows, highlightStems(q), badgesOf(rows.filter((r) => r.id !== null)));
  return { query, total, hits: found, facets, tookMs: since(t0) };
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

const since = (t0: number) => Math.round((performance.now() - t0) * 10) / 10;

/**
 * Every facet and the total in one statement: the hit set is computed once (a materialised common
 * table expression named like SQLite's temporary table, so the facet SQL is the same) and each
 * facet is aggregated from it into a JSON array, kept in the facet's own order.
 */
async function facetsOf(
  db: SqlDb,
  hitSet: string,
  params: unknown[],
): Promise<{ rids: number[]; facets: Record<string, FacetValue[]> }> {
  const defs = [];
  for (const f of FACETS) if (!f.needs || (await tableReady(db, f.needs))) defs.push(f);
  // The hits from the GIN indexes (sequential scans off), then the facets' joins and GROUP BYs with
  // sequential scans allowed again: over thousands of hits, hash joins beat index lookups by id.
  const rids = (await db.all<{ rid: number }>(hitSet, params)).map((r) => r.rid);
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
  await db.run('SET LOCAL enable_seqscan = off');
  return { rids, facets };
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
