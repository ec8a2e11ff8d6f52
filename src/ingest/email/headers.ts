import type { RawHeader } from '../../model/entities.js';

/** Offset where the body starts (after the first empty line), or -1 when there is no blank line. */
export function headerEnd(buf: Uint8Array, max = buf.length): number {
  const n = Math.min(buf.length, max);
  for (let i = 0; i < n; i++) {
    if (buf[i] !== 0x0a) continue;
    if (buf[i + 1] === 0x0a) return i + 2;
    if (buf[i + 1] === 0x0d && buf[i + 2] === 0x0a) return i + 3;
  }
  return -1;
}

/**
 * Parses the header block as received: order kept, original case of names kept, folded lines
 * unfolded (RFC 5322 §2.2.3: the CRLF is removed, the white space kept), bytes read as latin1 then re-read as UTF-8 when valid, so 8-bit
 * headers survive. Lines that are not headers end the block (as most MTAs treat them).
 */
export function parseRawHeaders(buf: Uint8Array, maxBytes: number): RawHeader[] {
  let end = headerEnd(buf, maxBytes);
  if (end < 0) end = Math.min(buf.length, maxBytes);
  const text = decodeHeaderBytes(buf.subarray(0, end));
  const out: RawHeader[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line === '') break;
    if ((line[0] === ' ' || line[0] === '\t') && out.length) {
      const last = out[out.length - 1]!;
      last.value += line; // RFC 5322 §2.2.3: unfolding removes the line break only
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0 || !/^[!-9;-~]+$/.test(line.slice(0, colon).trimEnd())) {
      if (out.length === 0 && line.startsWith('From ')) continue; // mbox separator left in place
      break;
    }
    out.push({ name: line.slice(0, colon).trimEnd(), value: line.slice(colon + 1).trim() });
  }
  return out;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('latin1');

function decodeHeaderBytes(b: Uint8Array): string {
  try {
    return utf8.decode(b);
  } catch {
    return latin1.decode(b);
  }
}

export function headerValues(headers: RawHeader[], name: string): string[] {
  const lower = name.toLowerCase();
  return headers.filter((h) => h.name.toLowerCase() === lower).map((h) => h.value);
}

const KNOWN = new Set([
  'from',
  'to',
  'cc',
  'subject',
  'date',
  'received',
  'message-id',
  'return-path',
  'mime-version',
  'delivered-to',
  'content-type',
  'x-mailer',
  'user-agent',
  'reply-to',
  'sender',
  'dkim-signature',
  'references',
  'in-reply-to',
  'arc-seal',
  'x-originating-ip',
  'thread-index',
  'content-transfer-encoding',
  'authentication-results',
]);

/**
 * Does this look like an RFC 822 message? Used to recognise files by content, not name (an mbox
 * or a maildir entry often has no extension). Needs a header-shaped first line and at least two
 * well-known header names in the first lines.
 */
/**
 * Header lines that lost the white space of their fold (seen in Exchange's diagnostics headers:
 * a long base64 value wrapped at 76 columns with no indent): a line with no colon between two
 * header lines is re-indented, so that the headers after it are not taken for the body.
 * Returns the same buffer when there is nothing to repair.
 */
export function repairLostFolds(buf: Buffer, maxBytes: number): Buffer {
  const end = headerEnd(buf, maxBytes);
  if (end < 0) return buf;
  const head = buf.toString('latin1', 0, end);
  const lines = head.split('\n');
  const isHeader = (l: string | undefined) => !!l && /^[!-9;-~]+:/.test(l);
  let changed = false;
  for (let i = 1; i < lines.length - 1; i++) {
    const l = lines[i]!;
    if (l === '' || l === '\r' || l[0] === ' ' || l[0] === '\t' || isHeader(l)) continue;
    if (!isHeader(lines[i - 1]) && lines[i - 1]![0] !== ' ' && lines[i - 1]![0] !== '\t') continue;
    if (!isHeader(lines[i + 1])) continue;
    lines[i] = ` ${l}`;
    changed = true;
  }
  if (!changed) return buf;
  return Buffer.concat([Buffer.from(lines.join('\n'), 'latin1'), buf.subarray(end)]);
}

/**
 * A header block ended by a line of spaces instead of an empty line (RFC 5322 §2.1 wants an empty
 * line; some gateways and hand-edited files leave spaces): read literally, the spaces fold into
 * the last header and the body is lost. When such a line is followed by a line that is neither a
 * header field nor a fold, it is taken for the separator. Returns the same buffer otherwise.
 */
export function repairBlankSeparator(buf: Buffer, maxBytes: number): Buffer {
  const n = Math.min(buf.length, maxBytes);
  let pos = 0;
  while (pos < n) {
    const nl = buf.indexOf(0x0a, pos);
    if (nl < 0) return buf;
    const line = buf.toString('latin1', pos, nl);
    if (line === '' || line === '\r') return buf; // a real separator comes first
    if (pos > 0 && /^[ \t]+\r?$/.test(line)) {
      const nextEnd = buf.indexOf(0x0a, nl + 1);
      const next = buf.toString('latin1', nl + 1, nextEnd < 0 ? buf.length : nextEnd);
      if (next !== '' && !/^[ \t]/.test(next) && !/^[!-9;-~]+:/.test(next)) {
        const eol = line.endsWith('\r') ? '\r' : '';
        return Buffer.concat([buf.subarray(0, pos), Buffer.from(eol, 'latin1'), buf.subarray(nl)]);
      }
    }
    pos = nl + 1;
  }
  return buf;
}

/** A UTF-8 byte order mark (EF BB BF): Windows editors put one before "From " or the first header. */
export const hasBom = (b: Uint8Array): boolean => b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf;

export function looksLikeRfc822(head: Uint8Array): boolean {
  const h = head.subarray(hasBom(head) ? 3 : 0, 8192);
  const b = Buffer.from(h.buffer, h.byteOffset, h.byteLength);
  // Line by line (a line ends at LF, a CR before it dropped: the same lines as splitting the text
  // on /\r?\n/), each decoded only when reached: a binary attachment is refused at its first
  // line instead of after decoding and splitting 8 KB, and every node of an ingest is scored
  // (issue #12: 266 µs for a random 8 KB head, now a few).
  let pos = 0;
  const nextLine = (): string | null => {
    if (pos > b.length) return null;
    const nl = b.indexOf(0x0a, pos);
    const end = nl < 0 ? b.length : nl;
    // ISO 8859-1, not windows-1252: they differ in 0x80–0x9F only, never an ASCII character, and
    // only ASCII characters decide below.
    const line = b.toString('latin1', pos, end > pos && b[end - 1] === 0x0d && nl >= 0 ? end - 1 : end);
    pos = end + 1;
    return line;
  };
  let known = 0;
  let line = nextLine();
  let i = 0;
  if (line?.startsWith('From ') && !line.includes(':')) {
    line = nextLine(); // a stray mbox line
    i = 1;
  }
  for (; line !== null && i < 80; line = nextLine(), i++) {
    if (line === '') break;
    if (line[0] === ' ' || line[0] === '\t') continue;
    const m = /^([!-9;-~]+):/.exec(line);
    // A line that is no header after several known ones is a fold that lost its indent (seen in
    // Exchange diagnostics headers): still a message.
    if (!m) return known >= 2;
    if (KNOWN.has(m[1]!.toLowerCase())) known++;
  }
  return known >= 2;
}
