import { type Entity, scan } from './types.js';

/**
 * Dates written in French or English: `05/05/2017` (day first, the French and British order),
 * `2017-05-05`, `5 mai 2017`, `le 1er mars 2017`, `May 5, 2017`, `5 May 2017`. Normalised to
 * ISO `YYYY-MM-DD`; impossible dates are dropped.
 */
const MONTHS: Record<string, number> = {
  janvier: 1,
  février: 2,
  fevrier: 2,
  mars: 3,
  avril: 4,
  mai: 5,
  juin: 6,
  juillet: 7,
  août: 8,
  aout: 8,
  septembre: 9,
  octobre: 10,
  novembre: 11,
  décembre: 12,
  decembre: 12,
  january: 1,
  february: 2,
  march: 3,
  april: 4,
  may: 5,
  june: 6,
  july: 7,
  august: 8,
  september: 9,
  october: 10,
  november: 11,
  december: 12,
  jan: 1,
  feb: 2,
  fév: 2,
  mar: 3,
  apr: 4,
  avr: 4,
  jun: 6,
  jul: 7,
  juil: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
  déc: 12,
};
const MONTH_ALT = Object.keys(MONTHS)
  .sort((a, b) => b.length - a.length)
  .join('|');

const NUMERIC = /(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/.-]?\d)/g;
const ISO = /(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d])/g;
const DAY_MONTH = new RegExp(
  `(?<![\\p{L}\\d])(\\d{1,2})(?:er|st|nd|rd|th)?\\.?\\s+(${MONTH_ALT})\\.?\\s+(\\d{4})(?!\\d)`,
  'giu',
);
const MONTH_DAY = new RegExp(
  `(?<![\\p{L}\\d])(${MONTH_ALT})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})(?!\\d)`,
  'giu',
);

function iso(y: number, m: number, d: number): string | null {
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1) return null;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCMonth() !== m - 1) return null;
  return dt.toISOString().slice(0, 10);
}

const mk = (m: RegExpExecArray, n: string | null): Entity | null =>
  n ? { type: 'date', value: m[0], normalized: n, start: m.index, end: m.index + m[0].length } : null;

/**
 * @example findDates('réunion le 5 mai 2017') // [{ normalized: '2017-05-05', … }]
 */
const HAS_YEAR = /(?<!\d)(?:1[89]|20|21)\d\d(?!\d)|\d[/.-]\d{1,2}[/.-]\d\d/;

export function findDates(text: string): Entity[] {
  // Every accepted form carries a year: without one, nothing to scan for.
  if (!HAS_YEAR.test(text)) return [];
  const out = [
    ...scan(text, ISO, (m) => mk(m, iso(+m[1]!, +m[2]!, +m[3]!))),
    ...scan(text, NUMERIC, (m) => {
      const y = m[4]!.length === 2 ? 2000 + Number(m[4]) : Number(m[4]);
      return mk(m, iso(y, +m[3]!, +m[1]!));
    }),
    ...scan(text, DAY_MONTH, (m) => mk(m, iso(+m[3]!, MONTHS[m[2]!.toLowerCase()] ?? 0, +m[1]!))),
    ...scan(text, MONTH_DAY, (m) => mk(m, iso(+m[3]!, MONTHS[m[1]!.toLowerCase()] ?? 0, +m[2]!))),
  ];
  return out.sort((a, b) => a.start - b.start);
}
