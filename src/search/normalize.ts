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
  const sample = text.slice(0, 4000);
  scanWords(sample, (start, end) => {
    const w = sample.slice(start, end).toLowerCase();
    if (FR.has(w)) fr++;
    else if (EN.has(w)) en++;
    return ++n <= 600;
  });
  return fr > en ? 'fr' : 'en';
}

/**
 * Per UTF-16 code unit of the Basic Multilingual Plane: 1 for a letter or number (\p{L} or \p{N}),
 * 2 for a letter (\p{L}), computed from the same Unicode classes as WORD, so the scanner below
 * finds exactly WORD's matches. Lone surrogates are neither, as for a /u regular expression.
 */
const BMP_CLASS = (() => {
  const t = new Uint8Array(0x10000);
  const ln = /^[\p{L}\p{N}]$/u;
  const l = /^\p{L}$/u;
  for (let c = 0; c < 0x10000; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    const ch = String.fromCharCode(c);
    if (l.test(ch)) t[c] = 2;
    else if (ln.test(ch)) t[c] = 1;
  }
  return t;
})();
const ASTRAL_LN = /^[\p{L}\p{N}]$/u;
const ASTRAL_L = /^\p{L}$/u;

/** Class (0, 1 or 2 as BMP_CLASS) and length in code units of the code point at `i`. */
function classAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff || i + 1 >= text.length) return BMP_CLASS[c] as number;
  const d = text.charCodeAt(i + 1);
  if (d < 0xdc00 || d > 0xdfff) return 0;
  const pair = text.slice(i, i + 2);
  return ASTRAL_L.test(pair) ? 2 : ASTRAL_LN.test(pair) ? 1 : 0;
}

/** Length in code units of the code point at `i` (2 for a surrogate pair). */
function widthAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c < 0xd800 || c > 0xdbff || i + 1 >= text.length) return 1;
  const d = text.charCodeAt(i + 1);
  return d >= 0xdc00 && d <= 0xdfff ? 2 : 1;
}

/**
 * The matches of WORD in `text`, in order, without the regular expression (ingest's hottest loop):
 * `fn(start, end, apostrophe)` for each, with the index of its apostrophe or -1; `fn` returns false
 * to stop. Same matches as `text.matchAll(WORD)` (test/ingest/index-text.test.ts).
 */
function scanWords(text: string, fn: (start: number, end: number, apostrophe: number) => boolean): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    // ASCII fast path for the characters between words.
    if (c < 128 ? BMP_CLASS[c] === 0 : classAt(text, i) === 0) {
      i += c < 128 ? 1 : widthAt(text, i);
      continue;
    }
    const start = i;
    while (i < n) {
      const d = text.charCodeAt(i);
      if (d < 128) {
        if (BMP_CLASS[d] === 0) break;
        i++;
      } else if (classAt(text, i) !== 0) i += widthAt(text, i);
      else break;
    }
    let end = i;
    let apostrophe = -1;
    const a = i < n ? text.charCodeAt(i) : 0;
    if (a === 0x27 || a === 0x2019) {
      let j = i + 1;
      while (j < n && classAt(text, j) === 2) j += widthAt(text, j);
      if (j > i + 1) {
        apostrophe = i;
        end = j;
        i = j;
      }
    }
    if (!fn(start, end, apostrophe)) return;
  }
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
  let out = '';
  let first = true;
  scanWords(text, (start, end, q) => {
    // As in words(): a match holds at most one apostrophe; l', d', qu' are cut off, a longer
    // part before it is kept (Jean's → Jean).
    const w = q < 0 ? text.slice(start, end) : q - start <= 2 ? text.slice(q + 1, end) : text.slice(start, q);
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
    return true;
  });
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
