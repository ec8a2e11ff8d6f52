import { findAmounts } from './amounts.js';
import { findCards } from './cards.js';
import { findDates } from './dates.js';
import { findIbans } from './iban.js';
import { findSignatureNames } from './names.js';
import { findEmails, findIps, findUrlsAndDomains } from './net.js';
import { findPhones } from './phones.js';
import type { Entity } from './types.js';

export type { Entity, EntityType } from './types.js';
export { ENTITY_TYPES } from './types.js';

/** Texts beyond this are scanned only up to it: one 50 MB text dump must not stall triage. */
export const MAX_SCAN_CHARS = 500_000;

const overlaps = (a: Entity, b: Entity) => a.start < b.end && a.end > b.start;

/**
 * Every entity in a text. Precedence on overlap: IBAN and card numbers first, then e-mail and URL,
 * then IP, date, phone, amount (a card number never also counts as a phone).
 * @example extractEntities('Virement de 1 200 € sur FR76 3000 6000 0112 3456 7890 189')
 */
export function extractEntities(text: string): Entity[] {
  const t = text.length > MAX_SCAN_CHARS ? text.slice(0, MAX_SCAN_CHARS) : text;
  const strong = [...findIbans(t), ...findCards(t)];
  const net = [...findEmails(t), ...findUrlsAndDomains(t)];
  const out = [...strong, ...net];
  const blocked = [...strong, ...net.filter((e) => e.type !== 'domain')];
  for (const e of [...findIps(t), ...findDates(t), ...findPhones(t), ...findAmounts(t)]) {
    if (blocked.some((b) => overlaps(b, e))) continue;
    out.push(e);
    blocked.push(e);
  }
  out.push(...findSignatureNames(t));
  return out.sort((a, b) => a.start - b.start || a.type.localeCompare(b.type));
}
