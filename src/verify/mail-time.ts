/**
 * Dates in mail headers: the Date field and the timestamp after the last `;` of each Received
 * field (RFC 5321 §4.4). Received fields are prepended by each hop, so the top one was written
 * last, by the receiving side (the mailbox owner's server: the hop an investigator trusts most).
 */
import { type HeaderField, unfold } from './message-parse.js';

/** Milliseconds since the epoch, or null when the text is not a date. */
export function parseMailDate(text: string | null | undefined): number | null {
  if (!text) return null;
  const t = Date.parse(text.trim());
  return Number.isNaN(t) ? null : t;
}

/** Time-zone offset in minutes written in a Date value (`+0200` → 120), or null. */
export function zoneOffset(text: string | null | undefined): number | null {
  const m = /([+-])(\d{2})(\d{2})\s*(?:\(.*\))?\s*$/.exec(text ?? '');
  if (!m) return /\b(?:GMT|UT|UTC|Z)\s*$/i.test(text ?? '') ? 0 : null;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

export interface ReceivedHop {
  /** Position among the Received fields, 0 = top (latest hop). */
  hop: number;
  date: number | null;
  text: string;
}

export function receivedHops(headers: HeaderField[]): ReceivedHop[] {
  return headers
    .filter((h) => h.lower === 'received')
    .map((h, hop) => {
      const text = unfold(h.value).replace(/\s+/g, ' ');
      const semi = text.lastIndexOf(';');
      return { hop, date: semi >= 0 ? parseMailDate(text.slice(semi + 1)) : null, text };
    });
}

/** The clock of a message without t=: the top-most Received that carries a date. */
export function trustedReceivedTime(hops: ReceivedHop[]): number | null {
  return hops.find((h) => h.date !== null)?.date ?? null;
}

export const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
