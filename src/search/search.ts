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
import { attachmentRows, caseVersion, dateRows, facetsOfHits, itemOrder, senderRows } from './facet-index.js';
import { FACETS, type FacetValue, shown } from './facets.js';
import { highlightStems } from './fts-expr.js';
import { registerNameFunctions } from './name-functions.js';
import { JOINS, planSearch, type SearchPlan } from './plan.js';
import { parseQuery } from './query.js';
import { forgetRankHeads, rankedHead } from './rank-index.js';
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
      // The hit set (rowids, counted in memory by facet-index.ts: no SQL per facet) is listed
      // without ranking, once per query and case version; the page is ranked apart (issue #12).
      const set = hitSetOf(db, plan);
      total = set.rids.length;
      facets = set.facets;
      page = pageOfHits(db, plan, set, opts.sort ?? 'relevance', limit, offset);
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

/**
 * The hit set of one query (its rowids, hence its total, and its facets), kept per connection for
 * the last HIT_SETS queries under the case version it was computed at (facet-index.ts caseVersion:
 * any write, by this connection or another, makes it stale). The workbench asks the same query
 * again for every page, every change of order and every facet it toggles off again: those requests
 * only rank their page.
 */
interface HitSet {
  version: string;
  rids: Int32Array;
  /** Each hit's score (same index as rids), once a page by relevance needed them (pageOfHits). */
  scores: Float64Array | null;
  /**
   * Words only, by relevance: the first HEAD rows of the full-text index's ranking (rowid, score),
   * as pageSql ranks them, once a page needed them: the next pages within it are read from here.
   */
  head?: { rows: [number, number][]; complete: boolean };
  /** Words only: `rids` are every row the full-text index matches (none without its item). */
  matchRows: boolean;
  /** With filters, by relevance: the first hits (rowid, score) as proven by rank-index.ts, if it could. */
  ranked?: [number, number][];
  facets: Record<string, FacetValue[]>;
}
const HIT_SETS = 32;
/** Words found in at least 1 item in EAGER_SHARE make a filter on items evaluated over the case at first use. */
const EAGER_SHARE = 8;
/** And no more hits in all than this (12 bytes each with scores: 48 MB), for a large case's common words. */
const HIT_SET_ROWS = 4_000_000;
const hitSets = new WeakMap<Database.Database, Map<string, HitSet>>();

/**
 * Forget the hit sets and filter sets kept for a connection: benchmarks measure a query as if
 * nothing had been asked before it.
 */
export function forgetHitSets(db: Database.Database, opts: { filters?: boolean } = {}): void {
  hitSets.delete(db);
  forgetRankHeads(db);
  if (opts.filters !== false) clauseSets.delete(db);
}

/** How hit sets were made in this process, by path (tests check that each path was taken). */
export const hitSetCounts = { words: 0, sets: 0, statement: 0, kept: 0 };

/** A plan of words only: its hits come from the full-text index alone. */
const wordsOnly = (plan: SearchPlan) => plan.where === 'fts MATCH ?';

/** The rowids an FTS5 expression matches, ascending, listed in one value. */
function ftsRowids(db: Database.Database, expr: string): Int32Array {
  const listed = prep(db, 'SELECT group_concat(rowid) FROM fts WHERE fts MATCH ?').pluck().get(expr) as
    | string
    | null;
  return listed ? parseRowids(listed) : new Int32Array(0);
}

/** "12,345,6789" → [12, 345, 6789], digit by digit (split and Number made a string per hit). */
export function parseRowids(listed: string): Int32Array {
  let n = 1;
  for (let k = 0; k < listed.length; k++) if (listed.charCodeAt(k) === 44) n++;
  const out = new Int32Array(n);
  let at = 0;
  let v = 0;
  for (let k = 0; k < listed.length; k++) {
    const c = listed.charCodeAt(k);
    if (c === 44) {
      out[at++] = v;
      v = 0;
    } else v = v * 10 + (c - 48);
  }
  out[at] = v;
  return out;
}

/** The conditions of has:attachment and -has:attachment (core-filters.ts), → negated. */
const ATTACHMENT_FILTERS = new Map([
  ['(e.attachment_count > 0)', false],
  ['NOT (e.attachment_count > 0)', true],
]);

/** The conditions of after: and before: (core-filters.ts), → their operator. */
const DATE_FILTERS = new Map<string, '>=' | '<'>([
  ['(i.date >= ?)', '>='],
  ['(i.date < ?)', '<'],
]);
/** The condition of from: (core-filters.ts). */
const FROM_FILTER =
  "(i.id IN (SELECT item_id FROM addresses WHERE role IN ('from', 'sender') AND (address LIKE ? ESCAPE '\\' OR lower(name) LIKE ? ESCAPE '\\')))";

/** Filter sets kept: a byte per item each (64 MB for 64 of them on a 1,000,000-item case). */
const CLAUSE_SETS = 64;
/** A filter's set, or null: seen once under this version, not evaluated over the case yet. */
type ClauseEntry = { version: string; rows: Uint8Array | null };
const clauseSets = new WeakMap<Database.Database, Map<string, ClauseEntry>>();

/**
 * The items one filter condition holds for (1 at their rowid), evaluated over the whole case, as
 * the condition reads each row in the search's own statement (items joined one to one with their
 * e-mail and document rows); kept for the last CLAUSE_SETS conditions under the case version.
 * Over the whole case a filter costs more than within one query's hits, so it is evaluated so only
 * from the second search that uses it: the first gets undefined (the caller then runs the query
 * as one statement).
 */
function clauseSet(
  db: Database.Database,
  f: { sql: string; params: unknown[] },
  version: string,
  size: number,
  eager: boolean,
): Uint8Array | undefined {
  let sets = clauseSets.get(db);
  if (!sets) {
    sets = new Map();
    clauseSets.set(db, sets);
  }
  const key = `${f.sql}\0${JSON.stringify(f.params)}`;
  const had = sets.get(key);
  sets.delete(key);
  if (had && had.version === version && had.rows?.length === size) {
    sets.set(key, had);
    return had.rows;
  }
  let rows: Uint8Array | null = null;
  const attachment = ATTACHMENT_FILTERS.get(f.sql);
  const date = DATE_FILTERS.get(f.sql);
  if (attachment !== undefined) {
    // has:attachment from the facet index, first use included (facet-index.ts attachmentRows).
    rows = attachmentRows(db, version, attachment);
  } else if (date !== undefined && typeof f.params[0] === 'string') {
    // after: and before: from the items' date order (facet-index.ts dateRows), first use included.
    rows = dateRows(db, version, date, f.params[0]);
  } else if (f.sql === FROM_FILTER && typeof f.params[0] === 'string' && typeof f.params[1] === 'string') {
    // from: on the index's senders, each address and name tested once (facet-index.ts senderRows).
    rows = senderRows(db, version, f.params[0], f.params[1]);
  }
  if (!rows && ((had && had.version === version) || (eager && !/\b[ed]\./.test(f.sql)))) {
    const joins = /\b[ed]\./.test(f.sql) ? JOINS : '';
    const listed = prep(db, `SELECT group_concat(i.rowid) FROM items i ${joins} WHERE ${f.sql}`)
      .pluck()
      .get(...f.params) as string | null;
    rows = new Uint8Array(size);
    if (listed) for (const r of listed.split(',')) if (Number(r) < size) rows[Number(r)] = 1;
  }
  sets.set(key, { version, rows });
  if (sets.size > CLAUSE_SETS) sets.delete(sets.keys().next().value!);
  return rows ?? undefined;
}

function hitSetOf(db: Database.Database, plan: SearchPlan): HitSet {
  const version = caseVersion(db);
  const key = `${plan.from}\0${plan.where}\0${JSON.stringify(plan.params)}`;
  let sets = hitSets.get(db);
  if (!sets) {
    sets = new Map();
    hitSets.set(db, sets);
  }
  const had = sets.get(key);
  if (had && had.version === version) {
    sets.delete(key);
    sets.set(key, had); // most recent last
    hitSetCounts.kept++;
    return had;
  }
  let rids: Int32Array;
  let scores: Float64Array | null = null;
  let matchRows = false;
  if (wordsOnly(plan)) {
    // Words only: the rowids straight from the full-text index in one value, neither scored nor
    // joined to their items (scoring every hit was most of a common word's search): the page is
    // ranked apart by SQL (pageOfHits).
    hitSetCounts.words++;
    rids = ftsRowids(db, plan.params[0] as string);
    // As the join with items would: a full-text row without its item is no hit.
    const present = itemOrder(db, version).present;
    if (rids.some((r) => r >= present.length || !present[r])) rids = rids.filter((r) => present[r] === 1);
    else matchRows = true;
  } else {
    const parts = plan.parts!;
    const order = itemOrder(db, version);
    const size = order.present.length;
    // The words' hits first: when they are a good part of the case (or there are no words), a
    // filter that reads the items alone (a date, a sender's address, a tag …: no e-mail or
    // document row, whose large rows cost most when read for every item) costs about as much over
    // the whole case as within the hits, so it is evaluated over the case at its first use too.
    const words = parts.match !== null ? ftsRowids(db, parts.match) : null;
    const eager = words === null || words.length * EAGER_SHARE >= size;
    const keep = parts.filters.map((f) => clauseSet(db, f, version, size, eager));
    if (keep.every((k) => k !== undefined)) {
      // Every part is a set of rowids (the filters' kept per connection and case version, see
      // clauseSet: a filter that stays while the words change, as the workbench's facet clicks
      // add them, is evaluated once): the hits are the rows in every set, as the conjunction in
      // SQL. Their scores are computed when a page by relevance needs them (pageOfHits).
      hitSetCounts.sets++;
      let cand: Int32Array;
      if (parts.match !== null) {
        cand = words!.filter((r) => r < size && order.present[r] === 1);
      } else {
        const all: number[] = [];
        for (let r = 0; r < size; r++) if (order.listed[r]) all.push(r);
        cand = Int32Array.from(all);
      }
      const dropped = parts.negated !== null ? new Set(ftsRowids(db, parts.negated)) : null;
      rids = cand.filter((r) => !dropped?.has(r) && keep.every((k) => k![r] === 1));
    } else {
      // A filter seen for the first time: one statement lists each hit with its score (the
      // filters evaluated on the word's hits only, their subqueries once).
      hitSetCounts.statement++;
      const rows = prep(db, `SELECT i.rowid, ${plan.score ?? '0'} FROM ${plan.from} WHERE ${plan.where}`)
        .raw()
        .all(...plan.params) as [number, number][];
      rids = new Int32Array(rows.length);
      scores = new Float64Array(rows.length);
      for (let k = 0; k < rows.length; k++) {
        rids[k] = rows[k]![0];
        scores[k] = rows[k]![1];
      }
    }
  }
  const set: HitSet = { version, rids, scores, matchRows, facets: facetsOfHits(db, rids, version) };
  sets.set(key, set);
  let rows = 0;
  for (const h of sets.values()) rows += h.rids.length;
  for (const [k, h] of sets) {
    if (sets.size <= HIT_SETS && rows <= HIT_SET_ROWS) break;
    if (h === set) break; // the newest stays, whatever its size
    sets.delete(k);
    rows -= h.rids.length;
  }
  return set;
}

/**
 * bm25 of the given hits, in the order of `rids`: the same function over the same match as
 * pageSql, computed for these rows only (the unary + keeps the rowid list out of the full-text
 * index's own lookups, which would set the match up again for each).
 */
function scoresOf(db: Database.Database, plan: SearchPlan, rids: ArrayLike<number>): Float64Array {
  const rows = prep(
    db,
    `SELECT rowid, ${plan.score} FROM fts WHERE fts MATCH ? AND +rowid IN (SELECT value FROM json_each(?))`,
  )
    .raw()
    .all(plan.parts!.match, JSON.stringify(Array.from(rids))) as [number, number][];
  const byRow = new Map(rows);
  return Float64Array.from(rids, (r) => byRow.get(r)!);
}

/**
 * The page of a search with facets, in the order of pageSql (score then rowid; or date, NULLs
 * last, then id), with the same scores. Words only by relevance: SQL ranks it (pageSql, the top of
 * its sorter, as without facets). Otherwise it is chosen in memory from the hit set, by score (the
 * hits' scores computed once per hit set) or by the items' date order (facet-index.ts itemOrder,
 * then only the page is scored), without sorting every hit.
 */
function pageOfHits(
  db: Database.Database,
  plan: SearchPlan,
  set: HitSet,
  sort: NonNullable<SearchOptions['sort']>,
  limit: number,
  offset: number,
): { id: string; score: number }[] {
  const text = plan.score !== '0';
  const byDate = sort !== 'relevance' || !text;
  const idOf = prep(db, 'SELECT id FROM items WHERE rowid = ?').pluck();
  if (!byDate && wordsOnly(plan)) {
    // pageSql's inner ranking (the full-text rows by score then rowid, LIMIT, OFFSET, then joined
    // to their items), its first HEAD rows kept with the hit set for the pages that follow.
    const want = offset + limit;
    if (!set.head || (set.head.rows.length < want && !set.head.complete)) {
      const n = Math.max(HEAD, want);
      // A common word's page proven from the ranked heads stored in the case (rank-index.ts)
      // without scoring every hit; else FTS5 scores them all, and HEAD rows are kept.
      const proven =
        set.rids.length >= want * RANKED_SHARE
          ? rankedHead(
              db,
              plan.params[0] as string,
              want,
              set.rids.length,
              set.matchRows ? set.rids : undefined,
              set.version,
            )
          : null;
      const rows =
        proven ??
        (prep(
          db,
          `SELECT rowid, ${plan.score} AS score FROM fts WHERE fts MATCH ? ORDER BY score, rowid LIMIT ?`,
        )
          .raw()
          .all(plan.params[0], n) as [number, number][]);
      set.head = { rows, complete: !proven && rows.length < n };
    }
    const { present } = itemOrder(db, set.version);
    return set.head.rows
      .slice(offset, want)
      .filter(([r]) => present[r] === 1)
      .map(([r, score]) => ({ id: idOf.get(r) as string, score }));
  }
  const { rids } = set;
  if (byDate) {
    // The hits of smallest place in the date order (facet-index.ts ItemOrder.newest / .oldest).
    const order = itemOrder(db, set.version);
    const place = sort === 'date-asc' ? order.oldest : order.newest;
    const page = smallestPlaces(rids, place, offset + limit).slice(offset);
    const scores = text ? scoresOf(db, plan, page) : new Float64Array(page.length);
    return page.map((r, k) => ({ id: idOf.get(r) as string, score: scores[k]! }));
  }
  const want = offset + limit;
  if (!set.scores && want > 0 && rids.length >= want * RANKED_SHARE && plan.parts?.match) {
    // The first page among the hits proven from the stored ranked heads (rank-index.ts), without
    // scoring every hit; kept with the hit set for the pages within it.
    if (!set.ranked || set.ranked.length < want)
      set.ranked = rankedHead(db, plan.parts.match, want, rids.length, rids, set.version) ?? undefined;
    if (set.ranked && set.ranked.length >= want)
      return set.ranked.slice(offset, want).map(([r, score]) => ({ id: idOf.get(r) as string, score }));
  }
  // Positions in rids, by score then rowid.
  set.scores ??= scoresOf(db, plan, rids);
  const sc = set.scores;
  const cmp = (a: number, b: number) => sc[a]! - sc[b]! || rids[a]! - rids[b]!;
  const top = topK(
    Array.from({ length: rids.length }, (_, k) => k),
    offset + limit,
    cmp,
  ).slice(offset);
  return top.map((k) => ({ id: idOf.get(rids[k]!) as string, score: sc[k]! }));
}

/** Rows kept from the full-text index's ranking of a query of words (HitSet.head). */
const HEAD = 100;
/**
 * The stored ranked heads are tried when the hits are at least this many times the rows wanted:
 * below, scoring every hit costs about what proving the head does.
 */
const RANKED_SHARE = 4;

/**
 * The `k` rowids of `rids` whose `place` is smallest, in that order (places are distinct): a sorted
 * window of k over the hits, or a sort of every hit's place for a large k.
 */
function smallestPlaces(rids: Int32Array, place: Int32Array, k: number): number[] {
  if (k <= 0 || rids.length === 0) return [];
  // place * 2^31 + rowid: one exact number per hit (places and rowids are below 2^31 and 2^22).
  const M = 2 ** 31;
  const key = (r: number) => place[r]! * M + r;
  let best: Float64Array;
  if (k > 2000 || rids.length <= k * 4) {
    best = Float64Array.from(rids, key).sort().subarray(0, k);
  } else {
    best = Float64Array.from(rids.subarray(0, k), key).sort();
    let worst = best[k - 1]!;
    for (let n = k; n < rids.length; n++) {
      const x = key(rids[n]!);
      if (x >= worst) continue;
      let at = k - 1;
      while (at > 0 && best[at - 1]! > x) {
        best[at] = best[at - 1]!;
        at--;
      }
      best[at] = x;
      worst = best[k - 1]!;
    }
  }
  return Array.from(best, (x) => x % M);
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
