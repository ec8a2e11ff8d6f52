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

/** One term as a condition on the fts row aliased `a`, or null if it has no word. */
export function pgTermCond(t: TextTerm, a: string): PgCond | null {
  const ws = words(t.text);
  if (!ws.length) return null;
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
  const on = (cols: string[], query: string): PgCond => ({
    sql: cols.map((c) => `${a}.${c} @@ ?::tsquery`).join(' OR '),
    params: cols.map(() => query),
  });
  if (t.field === 'subject' || t.field === 'names') return wrap([on([t.field], q)]);
  // As in fts-expr.ts: names and people are indexed unstemmed, so a stem matches there as a prefix;
  // a Cyrillic word also looks for its Latin form among people.
  const names = ws.length === 1 ? any(queryStems(ws[0]!).map((s) => `${lex(s)}:*`)) : phrase(ws.map(fold));
  const parts = [on(['subject', 'body', 'people'], q), on(['names', 'people'], names)];
  if (hasCyrillic(t.text)) parts.push(on(['people'], phrase(words(transliterate(t.text)).map(fold))));
  return wrap(parts);
}

function wrap(parts: PgCond[]): PgCond {
  return { sql: `(${parts.map((p) => p.sql).join(' OR ')})`, params: parts.flatMap((p) => p.params) };
}

/** The positive clauses of the query (all must match), each one condition on alias `a`. */
export function pgClauses(q: ParsedQuery, a: string): PgCond[] {
  const clauses: PgCond[] = [];
  for (const c of q.clauses) {
    const alts = c.any.map((t) => pgTermCond(t, a)).filter((x): x is PgCond => x !== null);
    if (alts.length) clauses.push(wrap(alts));
  }
  return clauses;
}

/** The negated terms as one condition on alias `a` (any of them), or null if there are none. */
export function pgNegated(q: ParsedQuery, a: string): PgCond | null {
  const alts = q.negated.map((t) => pgTermCond(t, a)).filter((x): x is PgCond => x !== null);
  return alts.length ? wrap(alts) : null;
}

/** Every lexeme of the positive terms, OR-ed, for ranking (ts_rank) on PostgreSQL. */
export function pgRankQuery(q: ParsedQuery): string | null {
  const out = new Set<string>();
  for (const c of q.clauses)
    for (const t of c.any) for (const w of words(t.text)) for (const s of queryStems(w)) out.add(lex(s));
  return out.size ? [...out].join(' | ') : null;
}
