import { fold, stem } from './normalize.js';

const WORD = /[\p{L}\p{N}]+/gu;

export function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

/** fold() of a word's first three letters, remembered: NFD normalisation of every word of every hit
 * was a quarter of a search's time (issue #12). ASCII needs lower case only. */
const prefixCache = new Map<string, string>();
function foldedPrefix(word: string): string {
  const p = word.slice(0, 3);
  let f = prefixCache.get(p);
  if (f === undefined) {
    f = fold(p).slice(0, 2);
    if (prefixCache.size > 50_000) prefixCache.clear();
    prefixCache.set(p, f);
  }
  return f;
}

/** The extract's bounds for a first match at `first`: a third of the width before it, from a word's start. */
function window(flat: string, first: number, width: number): { start: number; end: number } {
  let start = Math.max(0, first - Math.floor(width / 3));
  if (start > 0) {
    const sp = flat.indexOf(' ', start);
    if (sp > 0 && sp < first) start = sp + 1;
  }
  return { start, end: Math.min(flat.length, start + width) };
}

/**
 * A short extract around the first matching word, HTML-escaped, matches wrapped in <mark>.
 * Matching uses the same stems as the index, so "factures" highlights "facture".
 */
export function makeSnippet(text: string, stems: Set<string>, width = 220): string {
  // Look for a match in the first two thousand characters first; most hits have one there.
  if (text.length > 2000 && stems.size) {
    const head = makeSnippet(text.slice(0, 2000), stems, width);
    if (head.includes('<mark>')) return head.endsWith('…') ? head : `${head}…`;
  }
  const flat = text.replace(/\s+/g, ' ').trim();
  if (!flat) return '';
  if (!stems.size) return escapeHtml(flat.slice(0, width)) + (flat.length > width ? '…' : '');
  // Cheap pre-filter: only words sharing their first letters with a stem are stemmed.
  const prefixes = new Set([...stems].map((s) => s.slice(0, 2)));
  const hits: [number, number][] = [];
  // Only the matches inside the window around the first one are marked: once a word starts past
  // its end, no later one can be (the words come in order), so the scan stops there.
  let windowEnd = Number.POSITIVE_INFINITY;
  for (const m of flat.matchAll(WORD)) {
    if (m.index! >= windowEnd) break;
    if (!prefixes.has(foldedPrefix(m[0]))) continue;
    if (stems.has(stem(m[0], 'fr')) || stems.has(stem(m[0], 'en'))) {
      hits.push([m.index!, m.index! + m[0].length]);
      if (hits.length === 1) windowEnd = window(flat, m.index!, width).end;
    }
    if (hits.length > 40) break;
  }
  const { start, end } = window(flat, hits[0]?.[0] ?? 0, width);
  let out = start > 0 ? '…' : '';
  let pos = start;
  for (const [a, b] of hits) {
    if (a < start || b > end) continue;
    out += `${escapeHtml(flat.slice(pos, a))}<mark>${escapeHtml(flat.slice(a, b))}</mark>`;
    pos = b;
  }
  out += escapeHtml(flat.slice(pos, end)) + (end < flat.length ? '…' : '');
  return out;
}
