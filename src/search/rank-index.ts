import type Database from 'better-sqlite3';
import { hasTable } from '../store/tables.js';
import { caseVersion } from './case-version.js';

/**
 * The ranked head of common words without scoring every hit (issue #12). FTS5 ranks a query by
 * `ORDER BY bm25(…) LIMIT n` only after computing bm25 for every row the query matches: for a
 * word found in 10,000 items, 10,000 position lists and document sizes are read to keep 20.
 *
 * bm25 (fts5_aux.c, fts5Bm25Function) is a sum over the query's phrases: phrase i adds
 * IDF_i · F_i·(k1+1) / (F_i + k1·(1 − b + b·D/avgdl)), where F_i is the weighted count of the
 * phrase's instances in the row (in the phrase's columns), D the row's size, and IDF_i, avgdl
 * depend on the case only (IDF_i counts the rows of the phrase alone, with its column filter:
 * xQueryPhrase). So a phrase's share in any query equals the bm25 of the query made of that
 * phrase alone, and it is never negative. Stored per case version, for each frequent phrase a
 * word can make (termExpr: `{subject body people} : "stem"` and `{names people} : "stem"*`):
 * the HEAD_ROWS rows of highest share, and `bound`, the highest share of any other row.
 *
 * A query's head is then proven without scoring every hit: every row of no phrase's head scores
 * at most Σ bound (each share is at most its phrase's bound, or zero for phrases listed whole);
 * the candidates (the rows of any head, and every row of the rare phrases, listed whole) are
 * scored by FTS5 itself (the same bm25 over the same MATCH, so the same numbers), and those of
 * them that score above Σ bound come, in FTS5's order (score, then rowid), before every other
 * hit. When fewer than the page needs are above it, or a phrase is frequent but not stored, or
 * the case changed since the index was stored (its version differs), the caller ranks every hit
 * as before: an answer never depends on the index, only its cost does.
 */

/** Rows kept per frequent phrase: a page of 100 (search.ts HEAD) needs this many to be provable. */
export const HEAD_ROWS = 1000;
/** A phrase matched in more rows than this is frequent: a query listing its rows whole would cost too much. */
export const RARE_ROWS = 2000;
/** The terms whose phrases are stored: found in at least this many rows (any column). */
export const FREQUENT_ROWS = 2000;
/**
 * The terms stored, the most frequent first, are those whose rows add up to at most this many per
 * row of the index. Each term's heads cost FTS5 a scoring of every row it is in, so this keeps the
 * build's cost per item the same at any size: on bench/ingest's 21,075-message case (25,253 rows)
 * the 612 frequent terms are in 158 rows' worth (4.0 million), all stored, 5.8 s of CPU at the end
 * of the stages; a case fifty times larger would otherwise store thousands of terms, each in fifty
 * times the rows. A frequent term left out is ranked as before (every hit scored).
 */
export const POSTINGS_PER_ROW = 200;
/** The bm25 of search (plan.ts): weights of subject, body, names, people. */
export const SQLITE_SCORE = 'bm25(fts, 5.0, 1.0, 3.0, 2.0)';

const TABLE = 'rank_index';
/** Changes whenever what is stored changes meaning. */
const FORMAT = 1;
/** The header row's phrase: it holds the version the whole index was stored at. */
const HEADER = '';

/** One phrase of an FTS5 expression: its text (quoted, as written), prefix star, and column filter. */
export interface Phrase {
  quoted: string;
  prefix: boolean;
  cols: string[] | null;
}

/** The expression of the phrase alone, with its column filter: its key in the index. */
export const phraseExpr = (p: Phrase): string =>
  `${p.cols ? `{${p.cols.join(' ')}} : ` : ''}${p.quoted}${p.prefix ? '*' : ''}`;

const TOKEN = /\s*(?:\{([^}]*)\}\s*:|(\()|(\))|("(?:[^"]|"")*")(\*)?|(AND|OR)(?=[\s("{]))/y;

/**
 * The phrases of an FTS5 expression made by fts-expr.ts (quoted phrases, prefix stars, column
 * filters on a phrase or a group, AND, OR, parentheses), each with the columns it is matched in;
 * null for anything else (NOT, NEAR, bare words, ^): the caller then does not use the index.
 * @example phrasesOf('{subject body people} : "budget"').map(phraseExpr) // ['{subject body people} : "budget"']
 */
export function phrasesOf(expr: string): Phrase[] | null {
  const out: Phrase[] = [];
  const scopes: (string[] | null)[] = [null];
  let pending: string[] | null = null;
  TOKEN.lastIndex = 0;
  let at = 0;
  const within = (a: string[] | null, b: string[] | null) =>
    a && b ? a.filter((c) => b.includes(c)) : (a ?? b);
  while (at < expr.length) {
    if (/^\s*$/.test(expr.slice(at))) break;
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(expr);
    if (!m) return null;
    at = TOKEN.lastIndex;
    const [, cols, open, close, quoted, star, op] = m;
    if (cols !== undefined) {
      if (pending) return null;
      pending = cols.trim().split(/\s+/);
      // A column filter that excludes ({-col}) would not intersect as written here.
      if (pending.some((c) => c.startsWith('-'))) return null;
    } else if (open) {
      scopes.push(within(scopes.at(-1)!, pending));
      pending = null;
    } else if (close) {
      if (pending || scopes.length === 1) return null;
      scopes.pop();
    } else if (quoted) {
      const scope = within(scopes.at(-1)!, pending);
      pending = null;
      out.push({ quoted, prefix: star === '*', cols: scope });
    } else if (op) {
      if (pending) return null;
    } else return null;
  }
  if (pending || scopes.length !== 1 || !out.length) return null;
  return out;
}

/** Only a version counted by the case's `case_version` row means the same to every connection. */
const storable = (db: Database.Database, version: string) => version.startsWith('v') && hasTable(db, TABLE);
const stamp = (version: string) => `${FORMAT}:${version}`;

/**
 * A phrase's head: its rows by share, highest first (ties by rowid, as FTS5 orders them), their
 * shares, and `bound`, the highest share of any other row. A rare phrase, listed whole at search
 * time, has no shares and a bound of 0: no other row holds it.
 */
export interface Head {
  rows: Int32Array;
  shares: Float64Array | null;
  bound: number;
}

/** Heads read back, per connection, under the version they were read at (a few phrases per query). */
const heads = new WeakMap<Database.Database, { version: string; map: Map<string, Head | null> }>();
const HEADS_KEPT = 256;

/** Forget the heads read back or listed on this connection (benchmarks: a query as if first asked). */
export function forgetRankHeads(db: Database.Database): void {
  heads.delete(db);
}

/** How many ranked heads this process proved, and how many it handed back to full ranking (tests, benches). */
export const rankCounts = { proven: 0, unproven: 0 };

type Stmt = Database.Statement<unknown[]>;
const stmts = new WeakMap<Database.Database, Map<string, Stmt>>();
function prep(db: Database.Database, sql: string): Stmt {
  let m = stmts.get(db);
  if (!m) {
    m = new Map();
    stmts.set(db, m);
  }
  let st = m.get(sql);
  if (!st) {
    st = db.prepare(sql) as Stmt;
    m.set(sql, st);
  }
  return st;
}

/** A copy of a blob's bytes as a typed array (copied: a row's buffer need not be aligned). */
const int32s = (b: Buffer) => new Int32Array(Uint8Array.from(b).buffer);
const float64s = (b: Buffer) => new Float64Array(Uint8Array.from(b).buffer);

function headOf(db: Database.Database, version: string, p: Phrase): Head | null {
  let kept = heads.get(db);
  if (!kept || kept.version !== version) {
    kept = { version, map: new Map() };
    heads.set(db, kept);
  }
  const key = phraseExpr(p);
  if (kept.map.has(key)) return kept.map.get(key)!;
  let head: Head | null;
  const row = prep(db, `SELECT bound, rowids, shares FROM ${TABLE} WHERE phrase = ? AND version = ?`).get(
    key,
    stamp(version),
  ) as { bound: number; rowids: Buffer; shares: Buffer } | undefined;
  if (row) {
    head = { rows: int32s(row.rowids), shares: float64s(row.shares), bound: row.bound };
  } else {
    // Not stored: a rare phrase is listed whole (every row a candidate, no other row has a share).
    const listed = prep(db, 'SELECT rowid FROM fts WHERE fts MATCH ? LIMIT ?')
      .pluck()
      .all(key, RARE_ROWS + 1) as number[];
    head = listed.length > RARE_ROWS ? null : { rows: Int32Array.from(listed), shares: null, bound: 0 };
  }
  kept.map.set(key, head);
  if (kept.map.size > HEADS_KEPT) kept.map.delete(kept.map.keys().next().value!);
  return head;
}

/**
 * The first `n` rows (rowid, score) of FTS5's ranking of `expr` (`ORDER BY score, rowid`), among
 * `within` if given (ascending rowids, a subset of the rows `expr` matches), or null when the
 * index cannot prove them (the caller then ranks every hit). Same rows, same order, same scores.
 * `hits`: how many rows the caller would score instead; more candidates than a third of them
 * are not worth proving.
 * @example rankedHead(db, 'fts MATCH expression', 100, 8461) // [[812, -7.31], [77, -7.02], …] or null
 */
export function rankedHead(
  db: Database.Database,
  expr: string,
  n: number,
  hits: number,
  within?: Int32Array,
  version = caseVersion(db),
): [number, number][] | null {
  const proven = prove(db, expr, n, hits, within, version);
  if (proven) rankCounts.proven++;
  else rankCounts.unproven++;
  return proven;
}

/** Candidates of a head beyond a third of the hits: scoring every hit costs about as much. */
const WORTH = 3;

function prove(
  db: Database.Database,
  expr: string,
  n: number,
  hits: number,
  within: Int32Array | undefined,
  version: string,
): [number, number][] | null {
  if (n <= 0 || !storable(db, version)) return null;
  const header = prep(db, `SELECT version FROM ${TABLE} WHERE phrase = ?`).pluck().get(HEADER);
  if (header !== stamp(version)) return null;
  const phrases = phrasesOf(expr);
  if (!phrases) return null;
  const hs: Head[] = [];
  for (const p of phrases) {
    const head = headOf(db, version, p);
    if (!head) return null;
    hs.push(head);
  }
  if (hs.length > 30) return null;
  // Every row past a head scores at most the sum of the heads' bounds.
  const bound = hs.reduce((a, h) => a + h.bound, 0);
  const { ids, ubs, lbs } = promising(hs, bound, within);
  // Among hits (`within`), the n-th highest lower bound is at most the n-th best score: rows whose
  // highest possible score is below it need no score. The first batch is the rows above it.
  let first = 2 * n;
  if (within && lbs.length >= n) {
    const nth = Float64Array.from(lbs).sort()[lbs.length - n]! * (1 - 1e-9);
    first = 0;
    while (first < ids.length && ubs[first]! > nth) first++;
    first = Math.max(first, n);
    if (first * WORTH > hits) first = 2 * n;
  }
  // Candidates by their highest possible score, scored in batches of growing size, until the
  // n-th best score found is above what any row not scored yet can reach.
  const scored: [number, number][] = [];
  const score = prep(
    db,
    `SELECT rowid, ${SQLITE_SCORE} AS score FROM fts WHERE fts MATCH ? AND +rowid IN (SELECT value FROM json_each(?))`,
  ).raw();
  for (let done = 0, size = first; ; size *= 4) {
    let upto = Math.min(done + size, ids.length);
    if (scored.length >= n) {
      // Every row that may still beat the n-th best score found must be scored: all at once.
      const nth = scored.map((r) => r[1]).sort((a, b) => a - b)[n - 1]!;
      upto = done + 1;
      while (upto < ids.length && ubs[upto]! > -nth * (1 - 1e-9)) upto++;
    }
    if (upto * WORTH > hits) return null;
    scored.push(
      ...(score.all(expr, JSON.stringify(Array.from(ids.subarray(done, upto)))) as [number, number][]),
    );
    done = upto;
    // No row not scored scores above `reach` (the next candidate's highest, or a row past the heads).
    const reach = done < ids.length ? Math.max(ubs[done]!, bound) : bound;
    // Shares are summed in floating point by FTS5 and here: a margin far above their rounding.
    const limit = -(reach * (1 + 1e-9) + 1e-12);
    const above = scored.filter((r) => r[1] < limit);
    if (above.length >= n) return above.sort((a, b) => a[1] - b[1] || a[0] - b[0]).slice(0, n);
    if (done >= ids.length) return null;
  }
}

/**
 * The candidates (rows of the heads, among `within`) that may score above `bound`, by their
 * highest possible score, descending (`ids`, with that score in `ubs`): a row's score is at most
 * the sum, over the phrases, of its share where the head lists it, else of the head's bound (0
 * for a rare phrase, listed whole, that does not list it; a rare phrase that lists it has no
 * share known: the row may score anything), and its lowest possible score (`lbs`: the sum of its
 * known shares). A row at most `bound` cannot come before the rows of no head, so it needs no score.
 */
function promising(
  hs: readonly Head[],
  bound: number,
  within: Int32Array | undefined,
): { ids: Int32Array; ubs: Float64Array; lbs: Float64Array } {
  // Per row: the sum of its known shares (its lowest possible score: a share is never negative),
  // whether a rare phrase lists it (then its share is unknown), and which heads list it.
  const known = new Map<number, { sum: number; unknown: boolean; mask: number }>();
  hs.forEach((h, i) => {
    for (let k = 0; k < h.rows.length; k++) {
      const r = h.rows[k]!;
      let e = known.get(r);
      if (!e) {
        e = { sum: 0, unknown: false, mask: 0 };
        known.set(r, e);
      }
      if (h.shares) e.sum += h.shares[k]!;
      else e.unknown = true;
      e.mask |= 1 << i;
    }
  });
  const out: [number, number, number][] = [];
  for (const [r, e] of known) {
    if (within && !hasSorted(within, r)) continue;
    let ub = e.unknown ? Number.POSITIVE_INFINITY : e.sum;
    for (let i = 0; i < hs.length; i++) if (!(e.mask & (1 << i))) ub += hs[i]!.bound;
    if (ub > bound) out.push([r, ub, e.sum]);
  }
  out.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  return {
    ids: Int32Array.from(out, (x) => x[0]),
    ubs: Float64Array.from(out, (x) => x[1]),
    lbs: Float64Array.from(out, (x) => x[2]),
  };
}

function hasSorted(a: Int32Array, x: number): boolean {
  let lo = 0;
  let hi = a.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = a[mid]!;
    if (v === x) return true;
    if (v < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/**
 * The phrases a query word makes (fts-expr.ts termExpr) for a term of the full-text index: the
 * stem in subject, body and people, and as a prefix in names and people.
 */
const wordPhrases = (term: string): string[] => {
  const quoted = `"${term.replace(/"/g, '""')}"`;
  return [`{subject body people} : ${quoted}`, `{names people} : ${quoted}*`];
};

/**
 * Builds the ranked heads of the case's frequent phrases and stores them under the case version,
 * unless they are stored at this version already (the end of an ingest or analysis calls it, as
 * persistFacetIndex). Returns false where they cannot be stored (read only, a case without
 * migration 21, a version not counted by `case_version`, or the case written meanwhile).
 * @example persistRankIndex(store.db) // true
 */
export function persistRankIndex(db: Database.Database, opts: HeadOptions = {}): boolean {
  const version = caseVersion(db);
  if (db.readonly || !storable(db, version)) return false;
  const header = db.prepare(`SELECT version FROM ${TABLE} WHERE phrase = ?`).pluck().get(HEADER);
  if (header === stamp(version)) return true;
  const built = buildHeads(db, opts);
  try {
    return store(db, version, built);
  } catch (err) {
    // A case kept busy by another writer beyond the busy timeout: the next end of the stages stores it.
    if (/SQLITE_BUSY|database is locked/.test(String((err as Error).message))) return false;
    throw err;
  }
}

function store(db: Database.Database, version: string, built: Map<string, Head>): boolean {
  return db
    .transaction(() => {
      if (caseVersion(db) !== version) return false;
      db.prepare(`DELETE FROM ${TABLE}`).run();
      const put = db.prepare(
        `INSERT INTO ${TABLE} (phrase, version, bound, rowids, shares) VALUES (?, ?, ?, ?, ?)`,
      );
      const bytes = (a: Int32Array | Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
      for (const [phrase, head] of built)
        put.run(phrase, stamp(version), head.bound, bytes(head.rows), bytes(head.shares!));
      put.run(HEADER, stamp(version), 0, Buffer.alloc(0), Buffer.alloc(0));
      return true;
    })
    .immediate();
}

/**
 * Which terms are frequent (rows), how many rows a head keeps and how many of the frequent terms'
 * rows may be scored per row of the index: FREQUENT_ROWS, HEAD_ROWS and POSTINGS_PER_ROW unless a
 * test says.
 */
export interface HeadOptions {
  frequent?: number;
  headRows?: number;
  postingsPerRow?: number;
}

/** The heads of the frequent terms' phrases: FTS5's own ranking of each phrase alone. */
export function buildHeads(db: Database.Database, opts: HeadOptions = {}): Map<string, Head> {
  const frequent = opts.frequent ?? FREQUENT_ROWS;
  const headRows = opts.headRows ?? HEAD_ROWS;
  db.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.rank_vocab USING fts5vocab(main, 'fts', 'row')");
  const budget =
    (opts.postingsPerRow ?? POSTINGS_PER_ROW) *
    (db.prepare('SELECT count(*) FROM fts').pluck().get() as number);
  const terms: string[] = [];
  let postings = 0;
  for (const [term, doc] of db
    .prepare('SELECT term, doc FROM temp.rank_vocab WHERE doc >= ? ORDER BY doc DESC, term')
    .raw()
    .iterate(frequent) as Iterable<[string, number]>) {
    if (postings + doc > budget) break;
    postings += doc;
    terms.push(term);
  }
  terms.sort();
  const rank = db.prepare(
    `SELECT rowid, ${SQLITE_SCORE} AS score FROM fts WHERE fts MATCH ? ORDER BY score, rowid LIMIT ?`,
  );
  const out = new Map<string, Head>();
  for (const term of terms)
    for (const phrase of wordPhrases(term)) {
      const rows = rank.raw().all(phrase, headRows + 1) as [number, number][];
      // A phrase of fewer rows is listed whole at search time (headOf).
      if (rows.length <= headRows) continue;
      const head = rows.slice(0, headRows);
      out.set(phrase, {
        rows: Int32Array.from(head, (r) => r[0]),
        shares: Float64Array.from(head, (r) => -r[1]),
        bound: -rows[headRows]![1],
      });
    }
  return out;
}
