import { fold, PLACE_NAMES, US_ABBREVIATIONS } from './gazetteer.js';

export interface CountryMatch {
  code: string | null;
  /** What matched: "place-code", "flag-emoji", "us-state-abbr" or the gazetteer name. */
  source: string | null;
}

const FLAG = /([\u{1F1E6}-\u{1F1FF}])([\u{1F1E6}-\u{1F1FF}])/u;

/**
 * Country of a free-text profile location ("Paris, France", "Austin, TX", "Москва", "🇫🇷").
 * Segments are tried from the last (usually the country) to the first, longest names first;
 * "Earth", "Worldwide" and jokes match nothing and stay unknown: the share of unknowns is reported,
 * never guessed away.
 * @example countryOf('Lyon, Rhône-Alpes') // { code: 'FR', source: 'lyon' }
 */
export function countryOf(location: string | null | undefined): CountryMatch {
  if (!location?.trim()) return { code: null, source: null };
  const flag = FLAG.exec(location);
  if (flag) {
    const a = (flag[1]?.codePointAt(0) ?? 0) - 0x1f1e6;
    const b = (flag[2]?.codePointAt(0) ?? 0) - 0x1f1e6;
    return { code: String.fromCharCode(65 + a, 65 + b), source: 'flag-emoji' };
  }
  const segments = location
    .split(/[,/|·•;()\n]+|\s[-–—]\s/)
    .map((s) => s.trim())
    .filter(Boolean);
  for (const seg of [...segments].reverse()) {
    // "TX" or "NY" as a whole segment after a comma is a US state abbreviation.
    if (segments.length > 1 && /^[A-Z]{2}$/.test(seg) && US_ABBREVIATIONS.has(seg))
      return { code: 'US', source: 'us-state-abbr' };
    const hit = matchNames(fold(seg));
    if (hit) return hit;
  }
  return { code: null, source: null };
}

function matchNames(s: string): CountryMatch | null {
  const direct = PLACE_NAMES.get(s);
  if (direct) return { code: direct, source: s };
  // Longest word n-gram first, so "new york" beats "york" and "south africa" beats "africa".
  const words = s.split(/[^\p{L}\p{N}.'-]+/u).filter(Boolean);
  for (let n = Math.min(4, words.length); n >= 1; n--) {
    for (let i = 0; i + n <= words.length; i++) {
      const gram = words.slice(i, i + n).join(' ');
      const code = PLACE_NAMES.get(gram);
      // One-word names under 4 letters ("uk" aside) are too ambiguous inside longer text.
      if (code && (n > 1 || gram.length >= 4 || gram === 'uk' || gram === 'usa' || words.length === 1))
        return { code, source: gram };
    }
  }
  return null;
}
