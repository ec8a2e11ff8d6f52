/**
 * Just enough MIME (RFC 2045/2046) to diagnose body-hash failures: the top-level boundary, the
 * parts one level down, and the two transfer encodings servers re-encode to.
 */
import { type HeaderField, parseMessage, unfold } from './message-parse.js';

export interface MimePart {
  headers: HeaderField[];
  /** The part's header block as written. */
  head: string;
  body: string;
  contentType: string;
  encoding: string;
}

/** The boundary parameter of a Content-Type value, or null. */
export function boundaryOf(contentType: string | null): string | null {
  const m = /boundary\s*=\s*(?:"([^"]+)"|([^\s;]+))/i.exec(contentType ?? '');
  return m ? (m[1] ?? m[2] ?? null) : null;
}

export function mediaType(contentType: string | null): string {
  return (contentType ?? 'text/plain').split(';')[0]?.trim().toLowerCase() || 'text/plain';
}

/** Splits a multipart body into preamble, parts and epilogue (all latin1, CRLF). */
export function splitMultipart(
  body: string,
  boundary: string,
): { parts: string[]; preamble: string; rest: string } | null {
  const delim = `--${boundary}`;
  const pieces = body.split(new RegExp(`(?:^|\\r\\n)${escapeRegExp(delim)}`));
  if (pieces.length < 3) return null;
  const preamble = pieces[0] ?? '';
  const parts = pieces.slice(1, -1).map((p) => p.replace(/^[ \t]*\r\n/, ''));
  const rest = pieces[pieces.length - 1] ?? '';
  return { parts, preamble, rest };
}

/** Inverse of splitMultipart, with `parts` in place of the original ones (byte-exact otherwise). */
export function joinMultipart(
  body: string,
  boundary: string,
  split: { preamble: string; rest: string },
  parts: string[],
): string {
  const delim = `\r\n--${boundary}`;
  // A body that opens with the delimiter has no CRLF before it (RFC 2046 §5.1.1).
  const joined = `${split.preamble}${parts.map((p) => `${delim}\r\n${p}`).join('')}${delim}${split.rest}`;
  return body.startsWith(`--${boundary}`) && !split.preamble ? joined.slice(2) : joined;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function parsePart(text: string): MimePart {
  const m = parseMessage(Buffer.from(text, 'latin1'));
  const headEnd = text.indexOf('\r\n\r\n');
  const ct = m.headers.find((h) => h.lower === 'content-type');
  const cte = m.headers.find((h) => h.lower === 'content-transfer-encoding');
  return {
    headers: m.headers,
    head: headEnd < 0 ? text : text.slice(0, headEnd),
    body: m.body,
    contentType: ct ? unfold(ct.value) : 'text/plain',
    encoding: cte ? unfold(cte.value).toLowerCase() : '7bit',
  };
}

/** RFC 2045 §6.7: soft breaks (`=` CRLF) vanish, `=XX` becomes the octet. */
export function decodeQuotedPrintable(text: string): string {
  return text
    .replace(/[ \t]+\r\n/g, '\r\n')
    .replace(/=\r\n/g, '')
    .replace(/=([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
}

export function decodeBase64(text: string): string {
  return Buffer.from(text.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64').toString('latin1');
}

/** The decoded body of a part as latin1 octets, when its encoding is one of the two. */
export function decodeTransfer(body: string, encoding: string): string | null {
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(body);
  if (encoding === 'base64') return decodeBase64(body);
  return null;
}
