import type { Dialect } from '../case/sql-db.js';
import { UserError } from '../core/errors.js';
// Filters: the core ones, then those the analyses add (triage: type:, amount>, iban:, person: …;
// authenticity: signed-by:, arc:).
import '../verify/search-filters.js';
import './core-filters.js';
import './triage-filters.js';
import { forDialect } from './filter-dialect.js';
import { FILTERS } from './filters.js';
import { positiveExpr, termExpr } from './fts-expr.js';
import { pgClauses, pgNegated, pgRankQuery } from './pg-fts.js';
import { type ParsedQuery, TEXT_FIELDS } from './query.js';
import { SQLITE_SCORE } from './rank-index.js';

export type SearchSort = 'relevance' | 'date' | 'date-asc';

/**
 * The SQL of one search, for one dialect: the same query language, filters and order on SQLite
 * (FTS5) and PostgreSQL (tsvector), so both backends give the same hits (test/search/backends).
 * Everything refers to items `i`, and to e-mails `e` and documents `d` when a filter reads them.
 */
export interface SearchPlan {
  /** FROM clause: the full-text table joined to items, or items alone when the query has no text. */
  from: string;
  where: string;
  params: unknown[];
  /** Page of (id, score), ordered; parameters: `pageParams`, then LIMIT and OFFSET. */
  pageSql: string;
  pageParams: unknown[];
  /**
   * The same page for a large hit set (more than RANK_BODY_MAX hits): on PostgreSQL, relevance
   * without the body's rank, whose tsvectors are stored out of line (TOAST) and would all be read
   * back; on SQLite, the same statement as pageSql.
   */
  largePageSql: string;
  largePageParams: unknown[];
  /**
   * PostgreSQL only: the total and the page in one statement over a hit set given as SQL
   * (`hits`, a query of one `rid` column): the hits are computed once (a materialised CTE), counted,
   * and the page ranked over them, with the body's rank only when they are RANK_BODY_MAX or fewer
   * (as pageSql and largePageSql). Rows: (total, ord, id, score) in page order, one row with a
   * null id when the page is empty. Parameters: the hit set's, then `rankedPageParams(limit, offset)`.
   * `extra`: more columns (SQL ending with a comma) computed beside the total, which may read the
   * hit set `hits` (p.ord is the row's place in the page; null on an empty page).
   */
  rankedPageSql?: (hits: string, extra?: string) => string;
  rankedPageParams?: (limit: number, offset: number) => unknown[];
  /** PostgreSQL only: the row ids of the hits (one column, `rid`), with `hitParams`. */
  hitSql?: string;
  hitParams?: unknown[];
  /** SQLite: the relevance score of a hit ('0' without text), as pageSql computes it. */
  score?: string;
  /**
   * SQLite: the parts `where` is the conjunction of, for evaluating them apart (search.ts, the hit
   * set of a search with facets): the MATCH expression, that of the negated terms, and each
   * filter's condition with its parameters.
   */
  parts?: { match: string | null; negated: string | null; filters: { sql: string; params: unknown[] }[] };
}

/** Hits above which PostgreSQL ranks by subject, names and people only (see largePageSql). */
export const RANK_BODY_MAX = 1000;

/** Hits above which PostgreSQL finds the newest first by walking the items in date order. */
export const DATE_WALK_MIN = 1000;

const WHEN = 'i.date';
export const JOINS = 'LEFT JOIN emails e ON e.id = i.id LEFT JOIN documents d ON d.id = i.id';

/** WHERE conditions of the filters (`from:`, `after:` …), SQLite's SQL rewritten for `dialect`. */
function filterConds(
  q: ParsedQuery,
  dialect: Dialect,
): { where: string[]; params: unknown[]; each: { sql: string; params: unknown[] }[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  const each: { sql: string; params: unknown[] }[] = [];
  for (const f of q.filters) {
    const def = FILTERS.get(f.name);
    if (!def) {
      throw new UserError(
        `unknown search filter "${f.name}${f.op}": known filters are ${[...FILTERS.keys(), ...TEXT_FIELDS.map((t) => t.name)].sort().join(', ')}`,
      );
    }
    if (!f.value && !def.allowEmpty)
      throw new UserError(`cannot read the query: "${f.name}${f.op}" needs a value (${def.help})`);
    const op = def.ops.includes(f.op) ? f.op : ':';
    const c = def.toSql(f.value, op);
    const sql = forDialect(c.sql, dialect);
    where.push(f.negate ? `NOT (${sql})` : `(${sql})`);
    params.push(...c.params);
    each.push({ sql: where.at(-1)!, params: c.params });
  }
  return { where, params, each };
}

function orderBy(sort: SearchSort, text: boolean): string {
  if (sort === 'date') return `${WHEN} IS NULL, ${WHEN} DESC, i.id`;
  if (sort === 'date-asc') return `${WHEN} IS NULL, ${WHEN} ASC, i.id`;
  return text ? 'score, i.rowid' : `${WHEN} IS NULL, ${WHEN} DESC, i.id`;
}

/**
 * SQLite: one FTS5 MATCH expression. The text conditions come first, then the filters.
 * @example planSearch(parseQuery('facture from:jean'), 'sqlite', 'relevance').where // 'fts MATCH ? AND (…)'
 */
export function planSearch(q: ParsedQuery, dialect: Dialect, sort: SearchSort = 'relevance'): SearchPlan {
  return dialect === 'sqlite' ? planSqlite(q, sort) : planPostgres(q, sort);
}

function planSqlite(q: ParsedQuery, sort: SearchSort): SearchPlan {
  const expr = positiveExpr(q);
  // Folders are never indexed, so with a text match the kind condition is implied.
  const where: string[] = expr ? [] : ["i.kind IN ('Email', 'Document')"];
  const params: unknown[] = [];
  if (expr) {
    where.push('fts MATCH ?');
    params.push(expr);
  }
  const negs = q.negated.map(termExpr).filter((x): x is string => x !== null);
  const negated = negs.length ? negs.join(' OR ') : null;
  if (negated) {
    where.push('i.rowid NOT IN (SELECT rowid FROM fts WHERE fts MATCH ?)');
    params.push(negated);
  }
  const f = filterConds(q, 'sqlite');
  where.push(...f.where);
  params.push(...f.params);
  const whereSql = where.join(' AND ');
  // Join e-mails and documents only when a filter reads them: joins by text id cost more than the match.
  const joins = /\b[ed]\./.test(whereSql) ? JOINS : '';
  const from = expr ? `fts CROSS JOIN items i ON i.rowid = fts.rowid ${joins}` : `items i ${joins}`;
  // One bm25 for the page and for the stored ranked heads (rank-index.ts), which must rank alike.
  const score = expr ? SQLITE_SCORE : '0';
  const textOnly = expr !== null && where.length === 1;
  // Rank and page on row ids alone (the sorter holds no text), then read the page. A query of
  // words only is answered inside the full-text index, without touching the item tables.
  const pageSql =
    textOnly && sort === 'relevance'
      ? `SELECT i.id, m.score FROM (SELECT rowid, ${score} AS score FROM fts WHERE fts MATCH ? ORDER BY score, rowid LIMIT ? OFFSET ?) m JOIN items i ON i.rowid = m.rowid ORDER BY m.score, m.rowid`
      : `SELECT i.id, ${score} AS score FROM ${from} WHERE ${whereSql} ORDER BY ${orderBy(sort, expr !== null)} LIMIT ? OFFSET ?`;
  return {
    from,
    where: whereSql,
    params,
    pageSql,
    pageParams: params,
    largePageSql: pageSql,
    largePageParams: params,
    score,
    parts: { match: expr, negated, filters: f.each },
  };
}

/**
 * PostgreSQL: the terms as tsquery conditions on the columns of `fts` (pg-fts.ts). Relevance is
 * ts_rank with the column weights of SQLite's bm25 (subject 5, body 1, names 3, people 2), negated
 * so that both backends order by an ascending score; the order among hits may differ from SQLite's
 * (another ranking function), the hits do not.
 */
function planPostgres(q: ParsedQuery, sort: SearchSort): SearchPlan {
  // Each clause (and the negated terms) is a set of rowids from the GIN indexes alone: written as
  // one WHERE over fts, the planner evaluated every clause but the first row by row, reading each
  // hit's body tsvector back from TOAST.
  const clauses = pgClauses(q, 'fts');
  const where: string[] = clauses.length ? [] : ["i.kind IN ('Email', 'Document')"];
  const params: unknown[] = [];
  for (const c of clauses) {
    where.push(`i.rowid IN (SELECT rowid FROM fts WHERE ${c.sql})`);
    params.push(...c.params);
  }
  const neg = pgNegated(q, 'fts');
  if (neg) {
    where.push(`i.rowid NOT IN (SELECT rowid FROM fts WHERE ${neg.sql})`);
    params.push(...neg.params);
  }
  const f = filterConds(q, 'postgres');
  where.push(...f.where);
  params.push(...f.params);
  const whereSql = where.join(' AND ');
  const joins = /\b[ed]\./.test(whereSql) ? JOINS : '';
  const from = `items i ${joins}`;
  const text = clauses.length > 0;
  const rank = text && sort === 'relevance' ? pgRankQuery(q) : null;
  const small =
    '5 * ts_rank(f.subject, ?::tsquery) + 3 * ts_rank(f.names, ?::tsquery) + 2 * ts_rank(f.people, ?::tsquery)';
  // Ranking reads the small columns of the hits' fts rows (stored inline), and the body only in pageSql.
  const page = (score: string) =>
    `SELECT i.id, ${score} AS score FROM ${rank ? `items i JOIN fts f ON f.rowid = i.rowid ${joins}` : from} WHERE ${whereSql} ORDER BY ${orderBy(sort, text)} LIMIT ? OFFSET ?`;
  const pageSql = page(rank ? `-(${small} + ts_rank(f.body, ?::tsquery))` : '0');
  const largePageSql = page(rank ? `-(${small})` : '0');
  const pageParams = rank ? [rank, rank, rank, rank, ...params] : params;
  const largePageParams = rank ? [rank, rank, rank, ...params] : params;
  // The same order as pageSql / largePageSql, over the hit set: by relevance, the fts rows of the
  // hits alone are read (small columns, and the body for RANK_BODY_MAX hits or fewer) and items
  // only for the page; by date, the items of the hits alone.
  const sPart = 'f.subject @@ ?::tsquery OR f.names @@ ?::tsquery OR f.people @@ ?::tsquery';
  // Above RANK_BODY_MAX hits the score is -(small): below zero exactly for the hits whose subject,
  // names or people hold a word of the rank query (ts_rank of an OR of words is zero without one
  // of them, and positive with one), zero for all others. So the page is the ranked hits of that
  // set (`ranks`: the hits among the rows the three small GIN indexes give) followed by the others in row id order: only
  // offset + limit rows of each part are ranked, instead of every hit (8,000 of a common word).
  const large = `SELECT x.rid, x.score FROM (
      (SELECT r.rowid AS rid, -(${small}) AS score FROM ranks r JOIN fts f ON f.rowid = r.rowid
        ORDER BY score, r.rowid LIMIT ?)
      UNION ALL
      (SELECT o.rid, -(${small}) AS score FROM (SELECT h.rid FROM hits h
        WHERE h.rid NOT IN (SELECT rowid FROM ranks) ORDER BY h.rid LIMIT ?) o JOIN fts f ON f.rowid = o.rid)
    ) x WHERE (SELECT n FROM total) > ${RANK_BODY_MAX} ORDER BY x.score, x.rid LIMIT ? OFFSET ?`;
  const smallSet = `SELECT h.rid, -(${small} + ts_rank(f.body, ?::tsquery)) AS score FROM hits h JOIN fts f ON f.rowid = h.rid
      WHERE (SELECT n FROM total) <= ${RANK_BODY_MAX} ORDER BY score, h.rid LIMIT ? OFFSET ?`;
  // Newest first over more than DATE_WALK_MIN hits: the items in that order (index items_date_order,
  // migration 12), each kept if it is a hit (a hashed set; written NOT … NOT IN so that the planner
  // does not turn it into a join, whose output it would sort again), until the page is full: a few
  // dozen items for a common word, instead of joining and sorting every hit.
  const newestFirst = orderBy(sort, text) === orderBy('date', text);
  const walk = `SELECT i.id, i.date FROM items i WHERE (SELECT n FROM total) > ${DATE_WALK_MIN}
      AND NOT (i.rowid NOT IN (SELECT rid FROM hits)) ORDER BY ${WHEN} IS NULL, ${WHEN} DESC, i.id LIMIT ? OFFSET ?`;
  const byDate = `SELECT i.id, ${newestFirst ? 'i.date' : '0 AS score'} FROM hits h JOIN items i ON i.rowid = h.rid${
    newestFirst ? ` WHERE (SELECT n FROM total) <= ${DATE_WALK_MIN}` : ''
  } ORDER BY ${orderBy(sort, text)} LIMIT ? OFFSET ?`;
  const ranked = rank
    ? `SELECT i.id, r.score, r.rid FROM ((${large}) UNION ALL (${smallSet})) r JOIN items i ON i.rowid = r.rid ORDER BY r.score, r.rid`
    : newestFirst
      ? `SELECT w.id, 0 AS score FROM ((${walk}) UNION ALL (${byDate})) w ORDER BY w.date IS NULL, w.date DESC, w.id`
      : byDate;
  const rankedPageSql = (hits: string, extra = '') =>
    `WITH hits AS MATERIALIZED (${hits}), total AS (SELECT count(*) AS n FROM hits)${
      rank
        ? `, ranks AS MATERIALIZED (SELECT f.rowid FROM fts f WHERE ${sPart} INTERSECT SELECT rid FROM hits)`
        : ''
    }
     SELECT (SELECT n FROM total) AS total, ${extra} p.* FROM (SELECT 1) one LEFT JOIN LATERAL (
       SELECT row_number() OVER () AS ord, q.id, q.score FROM (${ranked}) q) p ON true`;
  const rankedPageParams = (limit: number, offset: number): unknown[] =>
    rank
      ? [
          ...[rank, rank, rank], // ranks
          ...[rank, rank, rank, limit + offset], // the ranked part of the large page
          ...[rank, rank, rank, limit + offset], // the rest, in row id order
          ...[limit, offset],
          ...[rank, rank, rank, rank, limit, offset], // RANK_BODY_MAX hits or fewer
        ]
      : newestFirst
        ? [limit, offset, limit, offset]
        : [limit, offset];
  // The hit set: each clause, and the negated terms, a set of row ids from the GIN indexes alone,
  // combined by INTERSECT and EXCEPT (each branch of a set operation is planned on its own, so no
  // plan tests a tsvector row by row, reading the body back from TOAST; sequential scans are off
  // for the search: search-case.ts); then the filters, on the items of the hits. As `IN (…)` or
  // joins of common table expressions, the planner took each set for 200 distinct rows and chose
  // plans for a few hundred thousand hits.
  // A lone set is fenced with OFFSET 0 (a plain subquery would be merged into the join).
  const textSet =
    [
      clauses.map((c) => `SELECT rowid FROM fts WHERE ${c.sql}`).join(' INTERSECT '),
      ...(neg ? [`SELECT rowid FROM fts WHERE ${neg.sql}`] : []),
    ].join(' EXCEPT ') + (clauses.length === 1 && !neg ? ' OFFSET 0' : '');
  const setParams = [...clauses.flatMap((c) => c.params), ...(neg?.params ?? [])];
  const hitSql = !text
    ? `SELECT i.rowid AS rid FROM ${from} WHERE ${whereSql}`
    : f.where.length
      ? `SELECT i.rowid AS rid FROM (${textSet}) s JOIN items i ON i.rowid = s.rowid ${joins} WHERE ${f.where.join(' AND ')}`
      : `SELECT s.rowid AS rid FROM (${textSet}) s`;
  const hitParams = text ? [...setParams, ...f.params] : params;
  return {
    from,
    where: whereSql,
    params,
    pageSql,
    pageParams,
    largePageSql,
    largePageParams,
    rankedPageSql,
    rankedPageParams,
    hitSql,
    hitParams,
  };
}
