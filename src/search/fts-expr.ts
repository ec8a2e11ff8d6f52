import { fold, queryStems, words } from './normalize.js';
import type { ParsedQuery, TextTerm } from './query.js';
import { hasCyrillic, transliterate } from './translit.js';

const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** FTS5 expression for one term: stems in French and English, in the term's column if any. */
export function termExpr(t: TextTerm): string | null {
  const ws = words(t.text);
  if (!ws.length) return null;
  let expr: string;
  if (t.field === 'names') {
    // File names are indexed folded but unstemmed.
    expr = ws.length === 1 ? `${quote(fold(ws[0]!))}*` : quote(ws.map(fold).join(' '));
  } else if (t.type === 'word' && ws.length === 1) {
    const stems = queryStems(ws[0]!);
    expr = stems.length === 1 ? quote(stems[0]!) : `(${stems.map(quote).join(' OR ')})`;
  } else {
    // A phrase: the same stemming language for every word (the document was indexed in one).
    const fr = ws.map((w) => queryStems(w)[0]!).join(' ');
    const en = ws.map((w) => queryStems(w).at(-1)!).join(' ');
    expr = fr === en ? quote(fr) : `(${quote(fr)} OR ${quote(en)})`;
  }
  const col = t.field === 'subject' ? 'subject' : t.field === 'names' ? 'names' : null;
  if (col) return `{${col}} : ${expr}`;
  // Names (attachment file names, people) are indexed unstemmed: a stem matches there as a prefix
  // (facture and factures both find facture-2017.pdf; roshk, the French stem of Roshka, finds roshka).
  const names =
    ws.length === 1
      ? `(${queryStems(ws[0]!)
          .map((s) => `${quote(s)}*`)
          .join(' OR ')})`
      : quote(ws.map(fold).join(' '));
  // People are indexed in their own script and in Latin (translit.ts): a Cyrillic query word also
  // looks for its Latin form, so Рошка finds a Roshka written in Latin letters.
  const latin = hasCyrillic(t.text) ? quote(words(transliterate(t.text)).map(fold).join(' ')) : null;
  const people = latin ? ` OR {people} : ${latin}` : '';
  return `({subject body people} : ${expr} OR {names people} : ${names}${people})`;
}

/** The positive part of the query as one FTS5 MATCH expression, or null if it has no text. */
export function positiveExpr(q: ParsedQuery): string | null {
  const parts: string[] = [];
  for (const c of q.clauses) {
    const alts = c.any.map(termExpr).filter((x): x is string => x !== null);
    if (alts.length === 1) parts.push(alts[0]!);
    else if (alts.length > 1) parts.push(`(${alts.join(' OR ')})`);
  }
  return parts.length ? parts.join(' AND ') : null;
}

/** All stems a hit may be highlighted on (both languages, every positive word). */
export function highlightStems(q: ParsedQuery): Set<string> {
  const out = new Set<string>();
  for (const c of q.clauses)
    for (const t of c.any) for (const w of words(t.text)) for (const s of queryStems(w)) out.add(s);
  return out;
}
