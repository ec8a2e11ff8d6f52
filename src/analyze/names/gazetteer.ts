import type { Identity } from '../identities.js';
import { FIRST_NAMES, fold, HONORIFICS, PLACES, STOP_WORDS } from './lexicon.js';
import type { Gazetteer, GazetteerEntry, NameType } from './recognize.js';

/**
 * What the case teaches the name finder: every name its headers, signatures and metadata give for
 * an identity (all spellings: "Jean Dupont", "DUPONT Jean", "J. Dupont"), each linked to that
 * identity, and each surname alone when only one identity carries it ("Dupont" in a body is then
 * the same person as the sender "Jean Dupont <jd@x.fr>"). Organisations named in metadata (the
 * company field) join as ORG.
 */
export interface GazetteerInput {
  identities: Pick<Identity, 'id' | 'names'>[];
  organisations?: string[];
}

const tokens = (name: string) =>
  (name.match(/[\p{L}][\p{L}\p{M}\p{Nd}'’-]*/gu) ?? [])
    .map((w) => fold(w.replace(/['’-]+$/, '')))
    .filter((w) => w && !HONORIFICS.has(w));

/** Shortest surname kept alone: "Li", "Ba" alone would link too many capitalised words. */
const MIN_SURNAME = 3;

/**
 * @example buildGazetteer({ identities: [{ id: 'id-1', names: ['Jean Dupont'] }] }).entries.get('dupont')
 * // { type: 'PER', identityId: 'id-1' }
 */
export function buildGazetteer(input: GazetteerInput): Gazetteer {
  const entries = new Map<string, GazetteerEntry>();
  const surnameOwners = new Map<string, Set<string>>();
  const titledOwners = new Map<string, Set<string>>();
  const anyOrder = new Map<string, GazetteerEntry>();
  const put = (key: string, type: NameType, id: string | null) => {
    const had = entries.get(key);
    // A full name shared by two identities links to neither: it is still a person.
    if (had && had.identityId !== id) entries.set(key, { type, identityId: null });
    else if (!had) entries.set(key, { type, identityId: id });
  };
  for (const idn of input.identities) {
    for (const name of idn.names) {
      const t = tokens(name);
      // One-word names (a first name alone, a nickname) are too ambiguous to teach anything.
      if (t.length < 2 || t.length > 5 || t.every((w) => w.length < 2)) continue;
      put(t.join(' '), 'PER', idn.id);
      const sorted = [...t].sort().join(' ');
      const had = anyOrder.get(sorted);
      anyOrder.set(sorted, { type: 'PER', identityId: had && had.identityId !== idn.id ? null : idn.id });
      for (const w of t) {
        if (w.length < MIN_SURNAME || STOP_WORDS.has(w) || PLACES.has(w)) continue;
        // A surname that is also a first name ("Martin", "Simon") is only taken after a title.
        const owners = FIRST_NAMES.has(w) ? titledOwners : surnameOwners;
        const s = owners.get(w) ?? new Set<string>();
        s.add(idn.id);
        owners.set(w, s);
      }
    }
  }
  for (const [w, owners] of surnameOwners)
    if (!entries.has(w))
      entries.set(w, { type: 'PER', identityId: owners.size === 1 ? [...owners][0]! : null });
  for (const o of input.organisations ?? []) {
    const t = tokens(o);
    if (t.length && t.length <= 6 && !entries.has(t.join(' ')))
      entries.set(t.join(' '), { type: 'ORG', identityId: null });
  }
  const afterTitle = new Map<string, GazetteerEntry>();
  for (const [w, owners] of titledOwners)
    afterTitle.set(w, { type: 'PER', identityId: owners.size === 1 ? [...owners][0]! : null });
  let maxTokens = 0;
  for (const k of entries.keys()) maxTokens = Math.max(maxTokens, k.split(' ').length);
  return { entries, maxTokens, afterTitle, anyOrder };
}
