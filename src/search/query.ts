import { UserError } from '../core/errors.js';
import type { FilterOp } from './filters.js';

/** Field prefixes the parser turns into text terms (not filters); listed by `search --filters`. */
export const TEXT_FIELDS = [
  {
    name: 'subject',
    help: 'subject:budget or subject:"budget 2017" — word or phrase in the e-mail subject',
    ops: [':'],
  },
  {
    name: 'filename',
    help: 'filename:contrat — word or phrase in an attachment or document file name',
    ops: [':'],
  },
] as const;

/**
 * The query language (docs/search.md):
 *   words            all must occur (stemmed, accent-insensitive)
 *   "a phrase"       words in this order
 *   a OR b           either
 *   -word, NOT word  must not occur
 *   field:value      filter: from: to: subject: filename: has:attachment before: after: kind: lang:
 *                    and those analyses register (type:invoice, amount>1000, iban:, person: …)
 *   -field:value     negated filter
 */
export type TextTerm =
  | { type: 'word'; text: string; field?: 'subject' | 'names' }
  | { type: 'phrase'; text: string; field?: 'subject' | 'names' };

export interface Clause {
  /** Alternatives joined by OR; a clause matches when one of them does. */
  any: TextTerm[];
}

export interface FilterTerm {
  name: string;
  op: FilterOp;
  value: string;
  negate: boolean;
}

export interface ParsedQuery {
  /** Clauses joined by AND. */
  clauses: Clause[];
  negated: TextTerm[];
  filters: FilterTerm[];
}

const TOKEN = /\s*(-?)(?:([A-Za-z_][\w-]*)(:|>=|<=|>|<|=)("([^"]*)"|[^\s()]+)?|"([^"]*)"?|(\S+))/y;

/** @example parseQuery('facture OR devis from:jean -"mot de passe"') */
export function parseQuery(q: string): ParsedQuery {
  const out: ParsedQuery = { clauses: [], negated: [], filters: [] };
  let pendingOr = false;
  let pendingNot = false;
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  for (;;) {
    if (TOKEN.lastIndex >= q.length) break;
    m = TOKEN.exec(q);
    if (!m) break;
    const neg = m[1] === '-' || pendingNot;
    pendingNot = false;
    if (m[2] && m[3]) {
      const name = m[2].toLowerCase();
      const value = m[5] ?? m[4] ?? '';
      // `subject:(budget` or `from:(a OR b)`: the language has no groups after a field (docs/search.md).
      if (!m[4] && q[TOKEN.lastIndex] === '(')
        throw new UserError(
          `cannot read the query: "${name}${m[3]}" is followed by "(", but a field takes one word or a "quoted phrase" (write ${name}${m[3]}budget or ${name}${m[3]}"budget 2017")`,
        );
      if ((name === 'subject' || name === 'filename') && m[3] === ':') {
        if (!value)
          throw new UserError(`cannot read the query: "${name}:" needs a word or a "quoted phrase" after it`);
        const field = name === 'subject' ? 'subject' : 'names';
        const term: TextTerm =
          m[5] !== undefined ? { type: 'phrase', text: value, field } : { type: 'word', text: value, field };
        addText(out, term, neg, pendingOr);
        pendingOr = false;
        continue;
      }
      out.filters.push({ name, op: m[3] as FilterOp, value, negate: neg });
      continue;
    }
    if (m[6] !== undefined) {
      if (m[6].trim()) addText(out, { type: 'phrase', text: m[6] }, neg, pendingOr);
      pendingOr = false;
      continue;
    }
    const word = m[7] ?? '';
    if (word === 'OR' || word === '|') {
      pendingOr = out.clauses.length > 0;
      continue;
    }
    if (word === 'AND' || word === '&') continue;
    if (word === 'NOT') {
      pendingNot = true;
      continue;
    }
    const cleaned = word.replace(/^[()]+|[()]+$/g, '');
    if (!cleaned) continue;
    addText(out, { type: 'word', text: cleaned }, neg, pendingOr);
    pendingOr = false;
  }
  return out;
}

function addText(out: ParsedQuery, term: TextTerm, neg: boolean, or: boolean): void {
  if (neg) out.negated.push(term);
  else if (or && out.clauses.length) out.clauses[out.clauses.length - 1]!.any.push(term);
  else out.clauses.push({ any: [term] });
}
