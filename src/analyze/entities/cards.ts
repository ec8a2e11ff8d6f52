import { type Entity, scan } from './types.js';

/** Payment card numbers: 13–19 digits, optionally in groups (4-4-4-4, Amex 4-6-5), valid Luhn (ISO/IEC 7812-1) and a known IIN. */
const CARD_RE =
  /(?<![\d-])(\d{4}(?:[ -]?\d{4}){2}(?:[ -]?\d{1,4}){1,2}|3[47]\d{2}[ -]?\d{6}[ -]?\d{5}|\d{13,19})(?![\d-])/g;

/** Luhn mod-10 check digit test. */
export function luhnOk(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

// Visa 4, Mastercard 51–55 and 2221–2720, Amex 34/37, Discover 6011/65, CB shares Visa/MC ranges.
const IIN = /^(4|5[1-5]|2(2[2-9][1-9]|[3-6]\d\d|7[01]\d|720)|3[47]|6011|65|3[068]|35)/;

/**
 * @example findCards('carte 4970 1012 3456 7898') // [{ type: 'card', normalized: '4970101234567898', … }]
 */
export function findCards(text: string): Entity[] {
  return scan(text, CARD_RE, (m) => {
    const digits = m[1]!.replace(/[ -]/g, '');
    if (digits.length < 13 || digits.length > 19 || !IIN.test(digits) || !luhnOk(digits)) return null;
    if (/^(\d)\1+$/.test(digits)) return null;
    return { type: 'card', value: m[1]!, normalized: digits, start: m.index, end: m.index + m[1]!.length };
  });
}
