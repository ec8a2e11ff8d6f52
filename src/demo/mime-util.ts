/**
 * Byte-level helpers for writing RFC 5322 / MIME messages the way mail clients do: dates with a
 * local offset, RFC 2047 encoded words, quoted-printable (RFC 2045 §6.7) and base64 wrapped at 76.
 */

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

function lastSunday(year: number, month: number): number {
  const d = new Date(Date.UTC(year, month + 1, 0));
  return d.getUTCDate() - d.getUTCDay();
}

function nthSunday(year: number, month: number, n: number): number {
  const first = new Date(Date.UTC(year, month, 1)).getUTCDay();
  return 1 + ((7 - first) % 7) + 7 * (n - 1);
}

/** Offset in minutes east of UTC at `ms` for a zone (EU and US summer-time rules). */
export function zoneOffset(zone: 'paris' | 'new-york' | 'moscow' | 'utc', ms: number): number {
  const y = new Date(ms).getUTCFullYear();
  if (zone === 'utc') return 0;
  if (zone === 'moscow') return 180; // Europe/Moscow: UTC+3 all year since 2014
  if (zone === 'paris') {
    // EU: summer time from the last Sunday of March to the last Sunday of October, 01:00 UTC.
    const start = Date.UTC(y, 2, lastSunday(y, 2), 1);
    const end = Date.UTC(y, 9, lastSunday(y, 9), 1);
    return ms >= start && ms < end ? 120 : 60;
  }
  // US: second Sunday of March 02:00 EST (07:00 UTC) to first Sunday of November 02:00 EDT (06:00 UTC).
  const start = Date.UTC(y, 2, nthSunday(y, 2, 2), 7);
  const end = Date.UTC(y, 10, nthSunday(y, 10, 1), 6);
  return ms >= start && ms < end ? -240 : -300;
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** `+0200` style. */
export function offsetString(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const a = Math.abs(minutes);
  return `${sign}${pad(Math.floor(a / 60))}${pad(a % 60)}`;
}

/** RFC 5322 §3.3 date-time in the given offset: `Tue, 28 Mar 2017 10:12:01 +0200`. */
export function rfc5322Date(ms: number, offsetMin: number, suffix = ''): string {
  const d = new Date(ms + offsetMin * 60_000);
  const s = `${DAYS[d.getUTCDay()]}, ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${offsetString(offsetMin)}`;
  return suffix ? `${s} ${suffix}` : s;
}

/** mbox "From " line date (asctime, UTC): `Tue Mar 28 08:12:01 2017`. */
export function asctime(ms: number): string {
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${d.getUTCFullYear()}`;
}

/** Local ISO time with offset: `2017-03-28T10:12:01+02:00`. */
export function isoLocal(ms: number, offsetMin: number): string {
  const d = new Date(ms + offsetMin * 60_000);
  const o = offsetString(offsetMin);
  return `${d.toISOString().slice(0, 19)}${o.slice(0, 3)}:${o.slice(3)}`;
}

/** ISO UTC without milliseconds: `2017-03-28T08:12:01Z` (OOXML dcterms, EXIF-free contexts). */
export function isoUtc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

const NEEDS_ENCODING = /[^\x20-\x7e]/;

/** RFC 2047 encoded word when the text is not plain ASCII (B encoding, UTF-8). */
export function encodeWord(text: string): string {
  if (!NEEDS_ENCODING.test(text)) return text;
  // Split on whole characters so no UTF-8 sequence is cut between two encoded words (§5 rule 3).
  const words: string[] = [];
  let chunk = '';
  for (const ch of text) {
    if (Buffer.byteLength(chunk + ch) > 45) {
      words.push(chunk);
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w).toString('base64')}?=`).join('\r\n ');
}

/** A mailbox: `"Name" <addr>` with the name encoded when needed. */
export function mailbox(name: string, address: string): string {
  if (!name) return address;
  if (NEEDS_ENCODING.test(name)) return `${encodeWord(name)} <${address}>`;
  return /[,.;:"()<>@[\]]/.test(name)
    ? `"${name.replace(/"/g, '\\"')}" <${address}>`
    : `${name} <${address}>`;
}

/** Quoted-printable body (RFC 2045 §6.7), CRLF line ends, soft breaks at 76 columns. */
export function quotedPrintable(text: string): string {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const bytes = Buffer.from(line, 'utf8');
    let cur = '';
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i] as number;
      const last = i === bytes.length - 1;
      const plain = (b >= 33 && b <= 126 && b !== 61) || ((b === 32 || b === 9) && !last);
      const tok = plain ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase().padStart(2, '0')}`;
      if (cur.length + tok.length > 75) {
        out.push(`${cur}=`);
        cur = '';
      }
      cur += tok;
    }
    out.push(cur);
  }
  return out.join('\r\n');
}

/** Base64 wrapped at 76 characters with CRLF (RFC 2045 §6.8). */
export function base64Lines(data: Uint8Array): string {
  const b = Buffer.from(data).toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < b.length; i += 76) lines.push(b.slice(i, i + 76));
  return lines.join('\r\n');
}

/** Escapes text for HTML bodies. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
