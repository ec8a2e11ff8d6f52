import { fold, queryStems, words } from './normalize.js';
import type { ParsedQuery, TextTerm } from './query.js';
import { hasCyrillic, transliterate } from './translit.js';

/**
 * The query language on PostgreSQL: the same terms as fts-expr.ts builds for SQLite's FTS5, as
 * conditions on the four tsvector columns of the `fts` table (migration 0002). Both indexes hold
 * the same tokens (the stems search/normalize.ts computed at ingest, already folded: lower case,
 * no accents), so a term is looked up as the same lexemes, and the same boolean structure gives
 * the same hits:
 *   FTS5 `"stem"`          → `'stem'`            (one lexeme)
 *   FTS5 `"stem"*`         → `'stem':*`          (prefix)
 *   FTS5 `"a b"`           → `'a' <-> 'b'`       (words at consecutive positions)
 *   FTS5 `{c1 c2} : x`     → `(f.c1 @@ x OR f.c2 @@ x)` (a column filter)
 * A term's FTS5 column filters become SQL ORs over columns, and the clauses an AND in SQL: a row
 * matches when each clause matches in some column, exactly as FTS5 evaluates `A AND B`.
 *
 * Known difference (docs/search.md): a PostgreSQL tsvector keeps at most 256 positions per lexeme
 * and positions up to 16,383, so a phrase that only occurs past those limits in a very long text
 * is found by SQLite and not here. Single words are not affected.
 */
export interface PgCond {
  sql: string;
  params: string[];
}

/** A lexeme in tsquery syntax (quoted: the text is taken as is, not parsed or normalised again). */
const lex = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
const phrase = (ws: string[]) => ws.map(lex).join(' <-> ');
const any = (qs: string[]) => (qs.length === 1 ? qs[0]! : qs.map((q) => `(${q})`).join(' | '));

/**
 * The tsqueries of one term, by column: a row matches the term when some column matches one of
 * its queries. Empty when the term has no word.
 */
type ColumnQueries = Map<Column, string[]>;
type Column = 'subject' | 'body' | 'names' | 'people';
/** Column order of the SQL (fixed, so that the same query gives the same statement). */
const COLUMNS: readonly Column[] = ['subject', 'body', 'names', 'people'];

function termQueries(t: TextTerm): ColumnQueries {
  const out: ColumnQueries = new Map();
  const ws = words(t.text);
  if (!ws.length) return out;
  const add = (cols: Column[], query: string) => {
    for (const c of cols) out.set(c, [...(out.get(c) ?? []), query]);
  };
  let q: string;
  if (t.field === 'names') {
    q = ws.length === 1 ? `${lex(fold(ws[0]!))}:*` : phrase(ws.map(fold));
  } else if (t.type === 'word' && ws.length === 1) {
    q = any(queryStems(ws[0]!).map(lex));
  } else {
    const fr = ws.map((w) => queryStems(w)[0]!);
    const en = ws.map((w) => queryStems(w).at(-1)!);
    q = fr.join(' ') === en.join(' ') ? phrase(fr) : any([phrase(fr), phrase(en)]);
  }
  if (t.field === 'subject' || t.field === 'names') {
    add([t.field], q);
    return out;
  }
  // As in fts-expr.ts: names and people are indexed unstemmed, so a stem matches there as a prefix;
  // a Cyrillic word also looks for its Latin form among people.
  const names = ws.length === 1 ? any(queryStems(ws[0]!).map((s) => `${lex(s)}:*`)) : phrase(ws.map(fold));
  add(['subject', 'body', 'people'], q);
  add(['names', 'people'], names);
  if (hasCyrillic(t.text)) add(['people'], phrase(words(transliterate(t.text)).map(fold)));
  return out;
}

/**
 * Terms OR-ed together (the alternatives of a clause, or the negated terms) as one condition on
 * the fts row aliased `a`: one `@@` per column, the column's queries joined by `|` inside the
 * tsquery (`c @@ (x | y)` is `c @@ x OR c @@ y`). One GIN lookup per column, and a row whose
 * column holds a plain word of the query is a sure match for the index: only rows that match
 * through a phrase alone are re-checked against their tsvector (read back from TOAST for the
 * body). Written as separate ORs, every row on a page holding one phrase candidate was re-checked,
 * which read the body of nearly every hit of `"a b" OR a`.
 */
function anyOf(terms: TextTerm[], a: string): PgCond | null {
  const byCol: ColumnQueries = new Map();
  for (const t of terms)
    for (const [c, qs] of termQueries(t)) for (const q of qs) byCol.set(c, [...(byCol.get(c) ?? []), q]);
  const cols = COLUMNS.filter((c) => byCol.has(c));
  if (!cols.length) return null;
  const query = (c: Column) => {
    const qs = [...new Set(byCol.get(c)!)];
    return qs.length === 1 ? qs[0]! : qs.map((x) => `(${x})`).join(' | ');
  };
  return {
    sql: `(${cols.map((c) => `${a}.${c} @@ ?::tsquery`).join(' OR ')})`,
    params: cols.map(query),
  };
}

/** One term as a condition on the fts row aliased `a`, or null if it has no word. */
export function pgTermCond(t: TextTerm, a: string): PgCond | null {
  return anyOf([t], a);
}

/** The positive clauses of the query (all must match), each one condition on alias `a`. */
export function pgClauses(q: ParsedQuery, a: string): PgCond[] {
  return q.clauses.map((c) => anyOf(c.any, a)).filter((x): x is PgCond => x !== null);
}

/** The negated terms as one condition on alias `a` (any of them), or null if there are none. */
export function pgNegated(q: ParsedQuery, a: string): PgCond | null {
  return anyOf(q.negated, a);
}

/** Every lexeme of the positive terms, OR-ed, for ranking (ts_rank) on PostgreSQL. */
export function pgRankQuery(q: ParsedQuery): string | null {
  const out = new Set<string>();
  for (const c of q.clauses)
    for (const t of c.any) for (const w of words(t.text)) for (const s of queryStems(w)) out.add(lex(s));
  return out.size ? [...out].join(' | ') : null;
}
