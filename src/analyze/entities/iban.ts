import { type Entity, scan } from './types.js';

/**
 * IBANs (ISO 13616): country code, two check digits, BBAN; valid when the number rearranged and
 * read as digits is 1 mod 97. Length is checked per country (SWIFT IBAN registry) for the
 * countries listed; others must be 15–34 characters.
 */
const LENGTHS: Record<string, number> = {
  FR: 27,
  MC: 27,
  DE: 22,
  BE: 16,
  CH: 21,
  LU: 20,
  ES: 24,
  IT: 27,
  GB: 22,
  NL: 18,
  PT: 25,
  IE: 22,
  AT: 20,
  PL: 28,
  SE: 24,
  DK: 18,
  NO: 15,
  FI: 18,
  GR: 27,
  CY: 28,
  MT: 31,
  RU: 33,
  UA: 29,
  LI: 21,
};

// Printed in groups of four separated by spaces, or compact.
const IBAN_RE = /\b([A-Z]{2}\d{2}(?:[ \u00a0]?[A-Z0-9]{4}){2,7}(?:[ \u00a0]?[A-Z0-9]{1,4})?)\b/g;

/** ISO 7064 MOD 97-10 over the rearranged IBAN. */
export function ibanChecksumOk(compact: string): boolean {
  const re = compact.slice(4) + compact.slice(0, 4);
  let rem = 0;
  for (const ch of re) {
    const v = ch >= 'A' && ch <= 'Z' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const d of v) rem = (rem * 10 + Number(d)) % 97;
  }
  return rem === 1;
}

/**
 * Validates an IBAN as written; returns the compact form or null.
 * @example validIban('FR76 3000 6000 0112 3456 7890 189') // 'FR7630006000011234567890189'
 */
export function validIban(raw: string): string | null {
  const c = raw.replace(/[\s\u00a0]/g, '').toUpperCase();
  const want = LENGTHS[c.slice(0, 2)];
  if (want ? c.length !== want : c.length < 15 || c.length > 34) return null;
  return ibanChecksumOk(c) ? c : null;
}

/** IBANs with a valid checksum; a string that looks like an IBAN but fails is not returned. */
export function findIbans(text: string): Entity[] {
  return scan(text, IBAN_RE, (m) => {
    // The regex is greedy over optional groups; trim trailing groups until the length fits.
    let raw = m[1]!;
    for (;;) {
      const ok = validIban(raw);
      if (ok) return { type: 'iban', value: raw, normalized: ok, start: m.index, end: m.index + raw.length };
      const cut = raw.search(/[ \u00a0]?[A-Z0-9]{1,4}$/);
      if (cut <= 4) return null;
      raw = raw.slice(0, cut);
    }
  });
}

/**
 * IBAN-shaped numbers of a known country and the right length whose checksum fails: mistyped, or
 * invented by someone who did not know IBANs carry check digits — worth a look in a forgery hunt.
 * @example findIbanLookalikes('compte FR76 3000 4000 0500 0012 3456 789') // [{ value: 'FR76 3000 …' }]
 */
export function findIbanLookalikes(text: string): Entity[] {
  if (!/[A-Z]{2}\d{2}/.test(text)) return [];
  const valid = findIbans(text);
  return scan(text, IBAN_RE, (m) => {
    let raw = m[1]!;
    for (;;) {
      const c = raw.replace(/[\s\u00a0]/g, '').toUpperCase();
      const want = LENGTHS[c.slice(0, 2)];
      if (want && c.length === want) {
        if (ibanChecksumOk(c) || valid.some((v) => v.start < m.index + raw.length && v.end > m.index))
          return null;
        return { type: 'iban', value: raw, normalized: c, start: m.index, end: m.index + raw.length };
      }
      const cut = raw.search(/[ \u00a0]?[A-Z0-9]{1,4}$/);
      if (cut <= 4) return null;
      raw = raw.slice(0, cut);
    }
  });
}
