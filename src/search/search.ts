import type Database from 'better-sqlite3';
import { UserError } from '../core/errors.js';
import type { Store } from '../store/store.js';
import { badgesFor, type FlagChip } from './badges.js';
import { registerNameFunctions } from './name-functions.js';
// Filters: the core ones, then those the analyses add (triage: type:, amount>, iban:, person: …;
// authenticity: signed-by:, arc:).
import '../verify/search-filters.js';
import './core-filters.js';
import './triage-filters.js';
// After triage-filters: it extends their person: with names found in running text.
import './name-filters.js';
import { hasTable } from '../store/tables.js';
import { FILTERS } from './filters.js';
import { highlightStems, positiveExpr, termExpr } from './fts-expr.js';
import { parseQuery, TEXT_FIELDS } from './query.js';
import { makeSnippet } from './snippet.js';

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

export interface FacetValue {
  value: string;
  count: number;
}

export interface SearchResult {
  query: string;
  total: number;
  hits: SearchHit[];
  facets?: Record<string, FacetValue[]>;
  tookMs: number;
}

const WHEN = 'i.date';
const JOINS = 'LEFT JOIN emails e ON e.id = i.id LEFT JOIN documents d ON d.id = i.id';

/**
 * Full-text search with filters, relevance or date order, snippets and facets.
 * @example search(store, 'facture from:jean after:2017-03', { limit: 20, facets: true })
 */
export function search(store: Store, query: string, opts: SearchOptions = {}): SearchResult {
  const t0 = performance.now();
  const limit = Math.min(Math.max(opts.limit ?? 20, 0), 1000);
  const offset = Math.max(opts.offset ?? 0, 0);
  const q = parseQuery(query);
  registerNameFunctions(store.db);
  const expr = positiveExpr(q);
  // Folders are never indexed, so with a text match the kind condition is implied.
  const where: string[] = expr ? [] : ["i.kind IN ('Email', 'Document')"];
  const params: unknown[] = [];
  if (expr) {
    where.push('fts MATCH ?');
    params.push(expr);
  }
  const negs = q.negated.map(termExpr).filter((x): x is string => x !== null);
  if (negs.length) {
    where.push('i.rowid NOT IN (SELECT rowid FROM fts WHERE fts MATCH ?)');
    params.push(negs.join(' OR '));
  }
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
    where.push(f.negate ? `NOT (${c.sql})` : `(${c.sql})`);
    params.push(...c.params);
  }
  const whereSql = where.join(' AND ');
  // Join e-mails and documents only when a filter reads them: joins by text id cost more than the match.
  const joins = /\b[ed]\./.test(whereSql) ? JOINS : '';
  const from = expr ? `fts CROSS JOIN items i ON i.rowid = fts.rowid ${joins}` : `items i ${joins}`;
  const order =
    opts.sort === 'date'
      ? `${WHEN} IS NULL, ${WHEN} DESC, i.id`
      : opts.sort === 'date-asc'
        ? `${WHEN} IS NULL, ${WHEN} ASC, i.id`
        : expr
          ? 'score, i.rowid'
          : `${WHEN} IS NULL, ${WHEN} DESC, i.id`;
  const score = expr ? 'bm25(fts, 5.0, 1.0, 3.0, 2.0)' : '0';
  const textOnly = expr !== null && where.length === 1;
  try {
    // Rank and page on row ids alone (the sorter holds no text), then read the page. A query of
    // words only is answered inside the full-text index, without touching the item tables.
    const pageSql =
      textOnly && (opts.sort ?? 'relevance') === 'relevance'
        ? `SELECT i.id, m.score FROM (SELECT rowid, ${score} AS score FROM fts WHERE fts MATCH ? ORDER BY score, rowid LIMIT ? OFFSET ?) m JOIN items i ON i.rowid = m.rowid ORDER BY m.score, m.rowid`
        : `SELECT i.id, ${score} AS score FROM ${from} WHERE ${whereSql} ORDER BY ${order} LIMIT ? OFFSET ?`;
    const page = prep(store, pageSql).all(...params, limit, offset) as { id: string; score: number }[];
    const detail = prep(
      store,
      `SELECT i.id, i.kind, i.name, e.subject, e.from_addr, e.from_name, ${WHEN} AS date, d.filename,
         substr(COALESCE(NULLIF(e.text, ''), e.html_text, d.text, ''), 1, 8000) AS text
       FROM items i ${JOINS} WHERE i.id = ?`,
    );
    const rows = page.map((p) => ({ ...(detail.get(p.id) as Row), score: p.score }));
    const stems = highlightStems(q);
    const badges = badgesFor(
      store.db,
      rows.map((r) => r.id),
    );
    const hits: SearchHit[] = rows.map((r) => ({
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
    let total: number;
    let facets: Record<string, FacetValue[]> | undefined;
    if (opts.facets) {
      store.db.exec('CREATE TEMP TABLE IF NOT EXISTS search_hits (rid INTEGER PRIMARY KEY)');
      store.db.exec('DELETE FROM search_hits');
      total = prep(
        store,
        `INSERT OR IGNORE INTO search_hits SELECT i.rowid FROM ${from} WHERE ${whereSql}`,
      ).run(...params).changes;
      facets = computeFacets(store);
    } else {
      total = (
        prep(store, `SELECT count(*) AS n FROM ${from} WHERE ${whereSql}`).get(...params) as { n: number }
      ).n;
    }
    return { query, total, hits, facets, tookMs: Math.round((performance.now() - t0) * 10) / 10 };
  } catch (err) {
    const msg = (err as Error).message;
    if (/no such table: (\w+)/.test(msg)) {
      const table = /no such table: (\w+)/.exec(msg)![1];
      throw new UserError(
        `this filter needs the "${table}" table, which an analysis has not produced yet in this case (run "leaklens analyze")`,
      );
    }
    if (/fts5: syntax error|malformed MATCH/.test(msg))
      throw new UserError(`cannot read the query "${query}": ${msg}`);
    throw err;
  }
}

interface Row {
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
const stmtCache = new WeakMap<Store['db'], Map<string, Stmt>>();
/** Prepared statements are reused per connection: compiling them costs more than running them. */
function prep(store: Store, sql: string): Stmt {
  let m = stmtCache.get(store.db);
  if (!m) {
    m = new Map();
    stmtCache.set(store.db, m);
  }
  let st = m.get(sql);
  if (!st) {
    if (m.size > 500) m.clear();
    st = store.db.prepare(sql) as Stmt;
    m.set(sql, st);
  }
  return st;
}

function facet(store: Store, sql: string, limit = 15): FacetValue[] {
  return (store.db.prepare(`${sql} LIMIT ${limit}`).all() as FacetValue[]).filter(
    (f) => f.value !== null && f.value !== '',
  );
}

/** Counts over the current hit set (temp table search_hits). */
function computeFacets(store: Store): Record<string, FacetValue[]> {
  const base = `FROM search_hits h JOIN items i ON i.rowid = h.rid ${JOINS}`;
  const out: Record<string, FacetValue[]> = {
    kind: facet(store, `SELECT i.kind AS value, count(*) AS count ${base} GROUP BY 1 ORDER BY 2 DESC`),
    sender: facet(
      store,
      `SELECT e.from_addr AS value, count(*) AS count ${base} WHERE e.from_addr IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1`,
    ),
    domain: facet(
      store,
      `SELECT e.from_domain AS value, count(*) AS count ${base} WHERE e.from_domain IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1`,
    ),
    recipient: facet(
      store,
      `SELECT a.address AS value, count(DISTINCT a.item_id) AS count FROM search_hits h JOIN items i ON i.rowid = h.rid JOIN addresses a ON a.item_id = i.id WHERE a.role IN ('to', 'cc', 'bcc') GROUP BY 1 ORDER BY 2 DESC, 1`,
    ),
    attachment: facet(
      store,
      `SELECT CASE WHEN e.attachment_count > 0 THEN 'with attachments' ELSE 'without' END AS value, count(*) AS count ${base} WHERE e.id IS NOT NULL GROUP BY 1 ORDER BY 2 DESC`,
    ),
    language: facet(
      store,
      `SELECT d.language AS value, count(*) AS count ${base} WHERE d.language IS NOT NULL GROUP BY 1 ORDER BY 2 DESC`,
    ),
    month: facet(
      store,
      `SELECT substr(${WHEN}, 1, 7) AS value, count(*) AS count ${base} WHERE ${WHEN} IS NOT NULL GROUP BY 1 ORDER BY 1`,
      600,
    ),
  };
  if (hasTable(store.db, 'verdicts')) {
    out.verdict = facet(
      store,
      `SELECT v.verdict AS value, count(*) AS count FROM search_hits h JOIN items i ON i.rowid = h.rid JOIN verdicts v ON v.item_id = i.id GROUP BY 1 ORDER BY 2 DESC`,
    );
  }
  if (hasTable(store.db, 'doc_types')) {
    out.type = facet(
      store,
      `SELECT t.type AS value, count(*) AS count FROM search_hits h JOIN items i ON i.rowid = h.rid JOIN doc_types t ON t.item_id = i.id GROUP BY 1 ORDER BY 2 DESC`,
    );
  }
  return out;
}
