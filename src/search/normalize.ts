import snowball from 'snowball-stemmers';
import { nameForms } from './translit.js';

/**
 * Text analysis shared by the index and the query parser. SQLite's FTS5 has no French stemmer and
 * no JS tokenizer hook, so stems are computed here: each word of a document is stemmed with the
 * Snowball stemmer of the document's language (French or English, guessed from stop words), then
 * folded (lower case, accents removed). A query word is stemmed both ways and matched as either,
 * so "payé" finds "payer" and "meetings" finds "meeting", whichever language the text is in.
 */
export type StemLang = 'fr' | 'en';

const stemmers = { fr: snowball.newStemmer('french'), en: snowball.newStemmer('english') };
const caches = { fr: new Map<string, string>(), en: new Map<string, string>() };
const CACHE_MAX = 200_000;

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

export function fold(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

export function stem(word: string, lang: StemLang): string {
  const lower = word.toLowerCase();
  const cache = caches[lang];
  let out = cache.get(lower);
  if (out === undefined) {
    // Stem before folding: the French stemmer needs the accents (payé → pai, like payer).
    out = /^\p{N}+$/u.test(lower) || lower.length > 40 ? fold(lower) : fold(stemmers[lang].stem(lower));
    if (cache.size > CACHE_MAX) cache.clear();
    cache.set(lower, out);
  }
  return out;
}

/** Words of a text, with French elisions split off (l'accord → accord). */
export function words(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(WORD)) {
    let w = m[0];
    const q = w.search(/['’]/);
    if (q > 0 && q <= 2)
      w = w.slice(q + 1); // l', d', qu', j' …
    else if (q > 0) w = w.slice(0, q); // English possessive: Jean's → Jean
    if (w) out.push(w);
  }
  return out;
}

const FR = new Set(
  'le la les des et est une dans pour que qui sur pas avec vous nous sont du au aux ce cette mais ou où être avoir merci bonjour cordialement'.split(
    ' ',
  ),
);
const EN = new Set(
  'the and is of to for in that with you we are this be have on not it at from thanks regards hello dear'.split(
    ' ',
  ),
);

/** French or English, by stop words; English when unsure. */
export function guessStemLang(text: string): StemLang {
  let fr = 0;
  let en = 0;
  let n = 0;
  for (const m of text.slice(0, 4000).matchAll(WORD)) {
    const w = m[0].toLowerCase();
    if (FR.has(w)) fr++;
    else if (EN.has(w)) en++;
    if (++n > 600) break;
  }
  return fr > en ? 'fr' : 'en';
}

/** Stems by the word as written, so a repeated word skips lower-casing too; values as `stem`'s. */
const writtenCaches = { fr: new Map<string, string>(), en: new Map<string, string>() };

/**
 * Index form of a text: stems separated by spaces, exactly `words(text).map((w) => stem(w, lang))
 * .join(' ')` in one pass (ingest spends a fifth of its parsing time here).
 */
export function indexText(text: string, lang: StemLang): string {
  if (!text) return '';
  const cache = writtenCaches[lang];
  const re = new RegExp(WORD.source, 'gu');
  let out = '';
  let first = true;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    // As in words(): a match holds at most one apostrophe.
    let w = m[0];
    let q = w.indexOf("'");
    if (q < 0) q = w.indexOf('’');
    if (q > 0 && q <= 2) w = w.slice(q + 1);
    else if (q > 0) w = w.slice(0, q);
    if (!w) continue;
    let st = cache.get(w);
    if (st === undefined) {
      st = stem(w, lang);
      if (cache.size > CACHE_MAX) cache.clear();
      cache.set(w, st);
    }
    if (first) {
      out = st;
      first = false;
    } else out += ` ${st}`;
  }
  return out;
}

/** Index form of names/addresses: folded words without stemming (jean.dupont@x.example → jean dupont x example). */
export function indexNames(text: string): string {
  return words(text).map(fold).join(' ');
}

/**
 * Index form of people's names: as indexNames, plus the Latin transliteration of Cyrillic names
 * (translit.ts), so a name is found in either script.
 * @example indexPeople('Рошка Георгий') // 'рошка георгии roshka georgiy'
 */
export function indexPeople(text: string): string {
  return indexNames(nameForms(text).join(' '));
}

/** Both stems of a query word, deduplicated. */
export function queryStems(word: string): string[] {
  return [...new Set([stem(word, 'fr'), stem(word, 'en')])];
}
