/**
 * Cyrillic → Latin transliteration for names, so "Рошка" finds "Roshka" and the reverse.
 *
 * The table follows BGN/PCGN 1947 for Russian (the romanisation English-language newsrooms and
 * passports before 2010 mostly use: Георгий → Georgiy, Щукин → Shchukin, Юрий → Yuriy), simplified
 * where BGN uses diacritics or apostrophes that no one types in a search box: ё → e (not ë),
 * ъ and ь dropped (not ” and ’), э → e (not ·e), ы → y. Ukrainian і ї є ґ and Belarusian ў follow
 * the same national-BGN spellings (i, yi, ye, g, u). Word-initial е is "ye" in BGN; it is kept
 * "e" here because names in Latin script written by their owners mostly use "E" (Elena, Evgeny).
 * Greek and Arabic are not transliterated (not needed for the cases at hand; see docs/search.md).
 */
const CYRILLIC_TO_LATIN: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
  і: 'i',
  ї: 'yi',
  є: 'ye',
  ґ: 'g',
  ў: 'u',
};

const CYRILLIC = /[\u0400-\u04FF]/;

/** True when the text holds at least one Cyrillic letter. */
export function hasCyrillic(text: string): boolean {
  return CYRILLIC.test(text);
}

/**
 * The Latin form of a text, in lower case where a letter was transliterated (other characters kept).
 * @example transliterate('Рошка Георгий Петрович') // 'roshka georgiy petrovich'
 */
export function transliterate(text: string): string {
  if (!hasCyrillic(text)) return text;
  let out = '';
  for (const ch of text) {
    const lower = ch.toLowerCase();
    const latin = CYRILLIC_TO_LATIN[lower];
    out += latin === undefined ? ch : latin;
  }
  return out;
}

/**
 * The forms a name is searched under: the text itself, then its transliteration when it differs.
 * @example nameForms('Рошка') // ['Рошка', 'roshka']
 */
export function nameForms(text: string): string[] {
  const latin = transliterate(text);
  return latin === text ? [text] : [text, latin];
}
