import { nameKey } from '../analyze/identities.js';
import { fold } from '../analyze/names/lexicon.js';
import { FILTERS, type FilterDef, registerFilter } from './filters.js';

/**
 * Search filters over the names triage finds in running text (`name_mentions`, migration 7):
 * `person:` also matches items whose text names the person (directly, or through the identity the
 * mention was linked to: "Dupont" in a body finds the sender Jean Dupont's name written out), and
 * `org:` / `place:` match organisations and places named in the text. Loaded after
 * triage-filters.ts, whose `person:` it extends.
 */
const like = (v: string) => `%${v.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;

/** Folded forms of a query: as typed and, for a person, the order-free name key. */
function forms(v: string, person: boolean): string[] {
  const f = fold(v).replace(/\s+/g, ' ').trim();
  return [...new Set([f, ...(person && nameKey(v) ? [nameKey(v)] : [])])].filter(Boolean).map(like);
}

/** SQL over `name_mentions` for one type, matching the name key (identity linked or not). */
export function mentionSql(type: 'PER' | 'ORG' | 'LOC', v: string): { sql: string; params: unknown[] } {
  const fs = forms(v, type === 'PER');
  const keyLike = fs.map(() => "name_key LIKE ? ESCAPE '\\'").join(' OR ');
  if (type !== 'PER')
    return {
      sql: `i.id IN (SELECT item_id FROM name_mentions WHERE type = ? AND (${keyLike}))`,
      params: [type, ...fs],
    };
  // A mention linked to an identity matches every name and address of that identity.
  return {
    sql: `i.id IN (SELECT item_id FROM name_mentions WHERE type = 'PER' AND ((${keyLike})
      OR identity_id IN (SELECT identity_id FROM identity_forms WHERE ${fs.map(() => "form LIKE ? ESCAPE '\\'").join(' OR ')})))`,
    params: [...fs, ...fs],
  };
}

const base = FILTERS.get('person');
if (base) {
  const person: FilterDef = {
    ...base,
    help: `${base.help}; also every item whose text names them (names found in running text)`,
    toSql: (v, op) => {
      const a = base.toSql(v, op);
      const b = mentionSql('PER', v);
      return { sql: `(${a.sql} OR ${b.sql})`, params: [...a.params, ...b.params] };
    },
  };
  registerFilter(person);
}

registerFilter({
  name: 'org',
  help: 'org:"banque lumière" — an organisation named in the text of an e-mail or document',
  ops: [':'],
  toSql: (v) => mentionSql('ORG', v),
});

registerFilter({
  name: 'place',
  help: 'place:lyon — a place named in the text of an e-mail or document',
  ops: [':'],
  toSql: (v) => mentionSql('LOC', v),
});
