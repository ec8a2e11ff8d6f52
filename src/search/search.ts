import type Database from 'better-sqlite3';
import { UserError } from '../core/errors.js';
import type { Store } from '../store/store.js';
// Filters: the core ones, then those the analyses add (triage: type:, amount>, iban:, person: …;
// authenticity: signed-by:, arc:).
import '../verify/search-filters.js';
import './core-filters.js';
import './triage-filters.js';
// After triage-filters: it extends their person: with names found in running text.
import './name-filters.js';
import { hasTable } from '../store/tables.js';
import { type Badges, badgesFor, type FlagChip } from './badges.js';
import { facetsOfHits } from './facet-index.js';
import { FACETS, type FacetValue, shown } from './facets.js';
import { highlightStems } from './fts-expr.js';
import { registerNameFunctions } from './name-functions.js';
import { JOINS, planSearch } from './plan.js';
import { parseQuery } from './query.js';
import { makeSnippet } from './snippet.js';

export type { FacetValue } from './facets.js';

export interface SearchOptions {
  limit?: number;
  offset?: number;
  sort?: 'relevance' | 'date' | 'date-asc';
  facets?: boolean;
}

export interface SearchHit {
  id: string;
  kind: 'Email' | 'Document';
  subject: string | null;
  from: string | null;
  fromName: string | null;
  date: string | null;
  filename: string | null;
  /** HTML: escaped text with matches in <mark>. */
  snippet: string;
  score: number;
  /** Authenticity verdict (e-mails that were verified), else null. */
  verdict: string | null;
  /** Flag kinds with their strongest severity, strongest first. */
  flags: FlagChip[];
}

export interface SearchResult {
  query: string;
  total: number;
  hits: SearchHit[];
  facets?: Record<string, FacetValue[]>;
  tookMs: number;
}

const WHEN = 'i.date';

/** The page's rows, read by id once the page is known (both backends). */
export const DETAIL_SQL = `SELECT i.id, i.kind, i.name, e.subject, e.from_addr, e.from_name, ${WHEN} AS date, d.filename,
         substr(COALESCE(NULLIF(e.text, ''), e.html_text, d.text, ''), 1, 8000) AS text
       FROM items i ${JOINS} WHERE i.id = ?`;

/**
 * Full-text search with filters, relevance or date order, snippets and facets.
 * @example search(store, 'facture from:jean after:2017-03', { limit: 20, facets: true })
 */
export function search(store: Store, query: string, opts: SearchOptions = {}): SearchResult {
  return searchSqlite(store.db, query, opts);
}

/** `search` on a better-sqlite3 connection (the laptop case; searchCase on a SQLite `SqlDb`). */
export function searchSqlite(db: Database.Database, query: string, opts: SearchOptions = {}): SearchResult {
  const t0 = performance.now();
  const { limit, offset } = pageOf(opts);
  const q = parseQuery(query);
  registerNameFunctions(db);
  const plan = planSearch(q, 'sqlite', opts.sort ?? 'relevance');
  try {
    let page: { id: string; score: number }[];
    let total: number;
    let facets: Record<string, FacetValue[]> | undefined;
    if (opts.facets) {
      // One pass over the hits gives the total, the facets and the page (issue #12): the page
      // query and the list of hit rowids each evaluated the whole match before.
      const all = onePass(db, plan, opts.sort ?? 'relevance', limit, offset);
      page = all.page;
      total = all.rids.length;
      // Hit rowids, counted in memory (facet-index.ts): no SQL per facet.
      facets = facetsOfHits(db, all.rids);
    } else {
      page = prep(db, plan.pageSql).all(...plan.pageParams, limit, offset) as { id: string; score: number }[];
      total = (
        prep(db, `SELECT count(*) AS n FROM ${plan.from} WHERE ${plan.where}`).get(...plan.params) as {
          n: number;
        }
      ).n;
    }
    const detail = prep(db, DETAIL_SQL);
    const rows = page.map((p) => ({ ...(detail.get(p.id) as Row), score: p.score }));
    const hits = toHits(
      rows,
      highlightStems(q),
      badgesFor(
        db,
        rows.map((r) => r.id),
      ),
    );
    if (total === 0 && readsVerdicts(plan.where)) {
      const has = (sql: string) => db.prepare(sql).get() !== undefined;
      if (!has('SELECT 1 FROM verdicts LIMIT 1') && has('SELECT 1 FROM emails LIMIT 1'))
        throw missingAnalysis('verdicts', 'leaklens verify');
    }
    return { query, total, hits, facets, tookMs: Math.round((performance.now() - t0) * 10) / 10 };
  } catch (err) {
    throw searchError(err, query);
  }
}

/**
 * A query whose filters read the authenticity verdicts. Every case has the `verdicts` table
 * (migration 4), so on a case where verify never ran such a filter would find nothing, which
 * reads as "no e-mail is verified": with no hit, no verdict and some e-mails, the search says
 * that verify has not run instead.
 */
export const readsVerdicts = (where: string): boolean => /\bFROM verdicts\b/.test(where);

/** The user error of a filter whose analysis has not run on this case. */
export function missingAnalysis(table: string, command = 'leaklens analyze'): UserError {
  return new UserError(
    `this filter needs the "${table}" table, which an analysis has not produced yet in this case (run "${command}")`,
  );
}

type HitRow = [rowid: number, score: number, date: string | null];

/**
 * Every hit's rowid (and score, and date when the order needs it) in one statement; the page is
 * then the top `offset + limit` in the order of pageSql (score then rowid; or date, NULLs last,
 * then id), chosen without sorting every hit. Same hits, order and scores as pageSql.
 */
function onePass(
  db: Database.Database,
  plan: ReturnType<typeof planSearch>,
  sort: NonNullable<SearchOptions['sort']>,
  limit: number,
  offset: number,
): { rids: Int32Array; page: { id: string; score: number }[] } {
  const text = plan.score !== '0';
  const byDate = sort !== 'relevance' || !text;
  const rows = prep(
    db,
    `SELECT i.rowid, ${plan.score ?? '0'}${byDate ? ', i.date' : ''} FROM ${plan.from} WHERE ${plan.where}`,
  )
    .raw()
    .all(...plan.params) as HitRow[];
  const rids = new Int32Array(rows.length);
  for (let k = 0; k < rows.length; k++) rids[k] = rows[k]![0];
  const idOf = prep(db, 'SELECT id FROM items WHERE rowid = ?').pluck();
  const ids = new Map<number, string>();
  const id = (r: number) => {
    let v = ids.get(r);
    if (v === undefined) {
      v = idOf.get(r) as string;
      ids.set(r, v);
    }
    return v;
  };
  const asc = sort === 'date-asc' ? 1 : -1;
  const cmp: (a: HitRow, b: HitRow) => number = !byDate
    ? (a, b) => a[1] - b[1] || a[0] - b[0]
    : (a, b) => {
        const x = a[2];
        const y = b[2];
        if (x !== y) {
          if (x === null) return 1;
          if (y === null) return -1;
          return (x < y ? -1 : 1) * asc;
        }
        const p = id(a[0]);
        const q = id(b[0]);
        return p < q ? -1 : p > q ? 1 : 0;
      };
  const top = topK(rows, offset + limit, cmp).slice(offset);
  return { rids, page: top.map((r) => ({ id: id(r[0]), score: r[1] })) };
}

/** The first `k` of `rows` in the order of `cmp`: a sorted window of k, or a full sort for a large k. */
function topK<T>(rows: T[], k: number, cmp: (a: T, b: T) => number): T[] {
  if (k <= 0) return [];
  if (k > 2000 || rows.length <= k * 4) return rows.sort(cmp).slice(0, k);
  const best: T[] = rows.slice(0, k).sort(cmp);
  for (let n = k; n < rows.length; n++) {
    const r = rows[n]!;
    if (cmp(r, best[k - 1]!) >= 0) continue;
    let lo = 0;
    let hi = k - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cmp(r, best[mid]!) < 0) hi = mid;
      else lo = mid + 1;
    }
    best.splice(lo, 0, r);
    best.pop();
  }
  return best;
}

/** Limit (0 to 1000, default 20) and offset of a request. */
export function pageOf(opts: SearchOptions): { limit: number; offset: number } {
  return { limit: Math.min(Math.max(opts.limit ?? 20, 0), 1000), offset: Math.max(opts.offset ?? 0, 0) };
}

/** A database error of a search as the user error it stands for (a missing analysis table, a bad query). */
export function searchError(err: unknown, query: string): unknown {
  const msg = (err as Error).message;
  // SQLite: "no such table: verdicts"; PostgreSQL: 'relation "verdicts" does not exist'.
  const table = /no such table: (\w+)/.exec(msg)?.[1] ?? /relation "(\w+)" does not exist/.exec(msg)?.[1];
  if (table) return missingAnalysis(table);
  if (/fts5: syntax error|malformed MATCH|syntax error in tsquery/.test(msg))
    return new UserError(`cannot read the query "${query}": ${msg}`);
  return err;
}

/** Hits of a page: rows read by DETAIL_SQL, with a snippet and badges. */
export function toHits(rows: Row[], stems: Set<string>, badges: Map<string, Badges>): SearchHit[] {
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind as SearchHit['kind'],
    subject: r.subject,
    from: r.from_addr,
    fromName: r.from_name,
    date: r.date,
    filename: r.filename ?? (r.kind === 'Document' ? r.name : null),
    snippet: makeSnippet(r.text ?? '', stems),
    score: -r.score,
    ...badges.get(r.id)!,
  }));
}

export interface Row {
  id: string;
  kind: string;
  name: string;
  subject: string | null;
  from_addr: string | null;
  from_name: string | null;
  date: string | null;
  filename: string | null;
  text: string | null;
  score: number;
}

type Stmt = Database.Statement<unknown[]>;
const stmtCache = new WeakMap<Database.Database, Map<string, Stmt>>();
/** Prepared statements are reused per connection: compiling them costs more than running them. */
function prep(db: Database.Database, sql: string): Stmt {
  let m = stmtCache.get(db);
  if (!m) {
    m = new Map();
    stmtCache.set(db, m);
  }
  let st = m.get(sql);
  if (!st) {
    if (m.size > 500) m.clear();
    st = db.prepare(sql) as Stmt;
    m.set(sql, st);
  }
  return st;
}

/**
 * The facets as SQL computes them (facets.ts) over the hits of `where`, through a temporary table:
 * how search counted before the facet index, kept as the reference the index is tested against.
 */
export function facetsBySql(
  db: Database.Database,
  query: string,
): { total: number; facets: Record<string, FacetValue[]> } {
  registerNameFunctions(db);
  const plan = planSearch(parseQuery(query), 'sqlite');
  db.exec('CREATE TEMP TABLE IF NOT EXISTS search_hits (rid INTEGER PRIMARY KEY)');
  db.exec('DELETE FROM search_hits');
  const total = db
    .prepare(`INSERT OR IGNORE INTO search_hits SELECT i.rowid FROM ${plan.from} WHERE ${plan.where}`)
    .run(...plan.params).changes;
  const facets: Record<string, FacetValue[]> = {};
  for (const f of FACETS) {
    if (f.needs && !hasTable(db, f.needs)) continue;
    facets[f.name] = shown(db.prepare(`${f.sql} LIMIT ${f.limit}`).all() as FacetValue[]);
  }
  return { total, facets };
}
