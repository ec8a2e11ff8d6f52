/**
 * Splits a raw RFC 5322 message into header fields (order, case and folding kept) and body, the
 * way DKIM needs it: bytes as latin1 code units (one char per octet), line ends normalised to CRLF
 * because RFC 6376 §3.4 canonicalises over CRLF lines (files on disk often use LF only).
 */

export interface HeaderField {
  /** Name as written. */
  name: string;
  lower: string;
  /** The whole field, folding kept, without the final CRLF. */
  raw: string;
  /** Everything after the first colon, folding kept. */
  value: string;
}

export interface ParsedMessage {
  headers: HeaderField[];
  /** Body as latin1 text with CRLF line ends. */
  body: string;
}

/** Lower-cased name → indexes into `headers`, top to bottom. */
export type HeaderIndex = Map<string, number[]>;

/**
 * @example parseMessage(Buffer.from('From: a@b\r\nSubject: x\r\n\r\nhi\r\n')).headers[1].lower // 'subject'
 */
export function parseMessage(raw: Buffer): ParsedMessage {
  let text = raw.toString('latin1');
  if (text.startsWith('From ')) text = text.slice(text.indexOf('\n') + 1); // mbox separator line
  text = normaliseLineEnds(text);
  if (text.startsWith('\r\n')) return { headers: [], body: text.slice(2) };
  const end = text.indexOf('\r\n\r\n');
  const head = end < 0 ? text : text.slice(0, end);
  const body = end < 0 ? '' : text.slice(end + 4);
  return { headers: splitFields(head), body };
}

function normaliseLineEnds(text: string): string {
  if (!text.includes('\r')) return text.replace(/\n/g, '\r\n');
  return hasBareLf(text) ? text.replace(/\r?\n/g, '\r\n') : text;
}

// indexOf is much faster than a regular expression over a whole message.
function hasBareLf(text: string): boolean {
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
    if (i === 0 || text.charCodeAt(i - 1) !== 13) return true;
  }
  return false;
}

function splitFields(head: string): HeaderField[] {
  const fields: HeaderField[] = [];
  const lines = head.split('\r\n');
  let current: string | null = null;
  const push = (f: string | null) => {
    if (f === null) return;
    const colon = f.indexOf(':');
    if (colon <= 0) return; // not a header field (RFC 5322 §2.2 needs a name and a colon)
    const name = f.slice(0, colon).trimEnd();
    fields.push({ name, lower: name.toLowerCase(), raw: f, value: f.slice(colon + 1) });
  };
  for (const line of lines) {
    if ((line.startsWith(' ') || line.startsWith('\t')) && current !== null) current += `\r\n${line}`;
    else {
      push(current);
      current = line;
    }
  }
  push(current);
  return fields;
}

export function indexHeaders(headers: HeaderField[]): HeaderIndex {
  const index: HeaderIndex = new Map();
  headers.forEach((h, i) => {
    const list = index.get(h.lower);
    if (list) list.push(i);
    else index.set(h.lower, [i]);
  });
  return index;
}

/** Unfolded, trimmed value of a header (RFC 5322 §2.2.3). */
export function unfold(value: string): string {
  return value.replace(/\r\n(?=[ \t])/g, '').trim();
}

/** First value of a header, unfolded, or null. */
export function firstValue(headers: HeaderField[], lower: string): string | null {
  const h = headers.find((f) => f.lower === lower);
  return h ? unfold(h.value) : null;
}

/** Last value of a header, unfolded, or null. */
export function lastValue(headers: HeaderField[], lower: string): string | null {
  const h = headers.findLast((f) => f.lower === lower);
  return h ? unfold(h.value) : null;
}
