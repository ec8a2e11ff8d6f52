import { type Entity, scan } from './types.js';

/**
 * Money amounts with their currency in French and English writing: `1 234,56 €`, `1.234,56 EUR`,
 * `€1,234.56`, `EUR 1234`, `$5,000`, `15 k€`, `2,5 M€`. Normalised to `CUR 1234.56`.
 */
const SYMBOL: Record<string, string> = {
  '€': 'EUR',
  eur: 'EUR',
  euro: 'EUR',
  euros: 'EUR',
  $: 'USD',
  usd: 'USD',
  us$: 'USD',
  dollars: 'USD',
  '£': 'GBP',
  gbp: 'GBP',
  chf: 'CHF',
  '¥': 'JPY',
  jpy: 'JPY',
  cad: 'CAD',
  rub: 'RUB',
  '₽': 'RUB',
};
const CUR = String.raw`(€|EUR|euros?|\$|US\$|USD|dollars|£|GBP|CHF|¥|JPY|CAD|RUB|₽)`;
// Groups of three separated by space, NBSP, narrow NBSP, dot, comma or apostrophe; then decimals.
const NUM = String.raw`(\d{1,3}(?:[ \u00a0\u202f.,']\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)`;
const MULT = String.raw`(?:\s?(k|K|M|Md|millions? d'|milliards? d'|million |billion ))?`;
const SP = String.raw`[ \u00a0\u202f]?`;
const AFTER = new RegExp(String.raw`(?<![\w.,])${NUM}${MULT}${SP}${CUR}(?![\p{L}\d])`, 'giu');
const BEFORE = new RegExp(String.raw`(?<![\p{L}\d])${CUR}${SP}${NUM}(?![\d]|[.,]\d)${MULT}`, 'giu');

const MULTIPLIER: Record<string, number> = {
  k: 1e3,
  m: 1e6,
  md: 1e9,
  million: 1e6,
  millions: 1e6,
  billion: 1e9,
  milliard: 1e9,
  milliards: 1e9,
};

/**
 * Parses a number written with French or English separators. A single separator followed by
 * exactly three digits is a thousands separator ("1,234" / "1.234"); otherwise the last separator
 * is the decimal mark.
 * @example parseAmount('1 234,56') // 1234.56
 */
export function parseAmount(raw: string): number {
  const s = raw.replace(/[ \u00a0\u202f']/g, '');
  const seps = s.match(/[.,]/g) ?? [];
  if (seps.length === 0) return Number(s);
  const last = s.lastIndexOf(seps.at(-1)!);
  const decimals = s.length - last - 1;
  const mixed = new Set(seps).size > 1;
  if (!mixed && (seps.length > 1 || decimals === 3)) return Number(s.replace(/[.,]/g, ''));
  return Number(`${s.slice(0, last).replace(/[.,]/g, '')}.${s.slice(last + 1)}`);
}

function entity(m: RegExpExecArray, num: string, cur: string, mult: string | undefined): Entity | null {
  const code = SYMBOL[cur.toLowerCase()] ?? cur.toUpperCase();
  const key = (mult ?? '').trim().toLowerCase().replace(/ d'$/, '');
  const v = parseAmount(num) * (MULTIPLIER[key] ?? 1);
  if (!Number.isFinite(v)) return null;
  const value = m[0].trim();
  const normalized = `${code} ${Number.isInteger(v) ? v : v.toFixed(2)}`;
  return { type: 'amount', value, normalized, start: m.index, end: m.index + m[0].trimEnd().length };
}

/**
 * @example findAmounts('Total : 1 234,56 € TTC') // [{ normalized: 'EUR 1234.56', … }]
 */
const HAS_CURRENCY = /[€$£¥₽]|eur|usd|gbp|chf|jpy|cad|rub|dollar/i;

export function findAmounts(text: string): Entity[] {
  if (!HAS_CURRENCY.test(text)) return [];
  const after = scan(text, AFTER, (m) => entity(m, m[1]!, m[3]!, m[2]));
  const before = scan(text, BEFORE, (m) => entity(m, m[2]!, m[1]!, m[3]));
  const out = [...after];
  for (const b of before) if (!out.some((e) => b.start < e.end && b.end > e.start)) out.push(b);
  return out.sort((a, b) => a.start - b.start);
}

/** Numeric value of a normalised amount (`EUR 1234.56` → 1234.56). */
export function amountValue(normalized: string): number {
  return Number(normalized.split(' ')[1]);
}
