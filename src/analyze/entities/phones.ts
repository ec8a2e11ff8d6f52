import { findPhoneNumbersInText } from 'libphonenumber-js';
import type { Entity } from './types.js';

/**
 * Phone numbers through libphonenumber-js (Google's libphonenumber metadata): a candidate must be a
 * valid number for its country, so digit runs that only look like phones (order numbers, dates,
 * amounts, IBAN fragments) are rejected. Numbers without a country code are read as French first
 * (the default for this corpus), then as North American.
 */
export function findPhones(
  text: string,
  defaultCountries: ('FR' | 'US' | 'GB' | 'DE')[] = ['FR', 'US'],
): Entity[] {
  const out: Entity[] = [];
  // libphonenumber scans slowly; skip texts without a digit run long enough to be a number.
  if (!/\d[\d\s().-]{6,}\d/.test(text)) return out;
  for (const country of defaultCountries) {
    for (const f of findPhoneNumbersInText(text, { defaultCountry: country })) {
      if (!f.number.isValid()) continue;
      if (out.some((e) => f.startsAt < e.end && f.endsAt > e.start)) continue;
      const value = text.slice(f.startsAt, f.endsAt);
      // A bare 10+ digit run without any separator or '+' is more often a reference than a phone.
      if (
        /^\d{9,}$/.test(value) &&
        !/t[ée]l|phone|mobile|portable|fax|gsm|appel|call/i.test(
          text.slice(Math.max(0, f.startsAt - 30), f.startsAt),
        )
      )
        continue;
      out.push({ type: 'phone', value, normalized: f.number.number, start: f.startsAt, end: f.endsAt });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}
