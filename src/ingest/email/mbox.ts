import type { Candidate, ChildOut, IngestInput, IngestOutput, Ingestor } from '../ingestor.js';
import { IngestError } from '../ingestor.js';
import { hasBom } from './headers.js';

/** An mbox "From " separator line: `From sender@host Tue Mar 27 10:12:01 2017` (sender may be MAILER-DAEMON or -). */
const SEPARATOR = /^From \S*.*\d{4}/;
/** A header field line (RFC 5322 §2.2: printable characters except colon, then a colon). */
const HEADER_LINE = /^[\x21-\x39\x3b-\x7e]+:/;
/** A MIME closing boundary line (RFC 2046 §5.1.1: "--" boundary "--", trailing white space allowed). */
const CLOSING_BOUNDARY = /^--[^\r\n]{1,70}--[ \t]*\r?$/;

/**
 * A `From ` line is a separator when it carries the date, or when it is Netscape's `From - `
 * with none and the next line is a header field ("From Russia with love" above "Year: 1963" in
 * a body is prose).
 */
function isSeparatorLine(line: string, next: string): boolean {
  return SEPARATOR.test(line) || (/^From -\s*$/.test(line) && HEADER_LINE.test(next));
}

/**
 * mbox files (mboxo, mboxrd, mboxcl/cl2 with Content-Length). Each message becomes a child
 * `file.mbox#N` (1-based) holding the message bytes with the `From ` quoting undone.
 *
 * Splitting: a separator is a line starting with `From ` at the start of the file or after a
 * blank line. When a message carries Content-Length and the byte at that distance is where the
 * next separator (or end of file) sits, that length wins: mboxcl2 does not quote body lines
 * starting with `From `, so only the length tells where the message ends.
 */
export const mboxIngestor: Ingestor = {
  name: 'mbox',
  mimeTypes: ['application/mbox'],
  extensions: ['mbox', 'mbx'],
  score(c: Candidate): number {
    const [line = '', next = ''] = new TextDecoder('latin1')
      .decode(c.head.subarray(hasBom(c.head) ? 3 : 0, 400))
      .split('\n');
    if (isSeparatorLine(line, next)) return 70;
    if (c.ext === 'mbox' || c.ext === 'mbx') return 20;
    return 0;
  },
  async ingest(input: IngestInput): Promise<IngestOutput> {
    const data = hasBom(input.data) ? input.data.subarray(3) : input.data;
    if (data.length === 0) throw new IngestError('empty', 'zero-byte mbox');
    const [first = '', next = ''] = data.subarray(0, 400).toString('latin1').split('\n');
    if (!isSeparatorLine(first, next))
      throw new IngestError('not-mbox', 'file does not start with an mbox "From " line');
    const spans = splitMbox(data, input.limits.maxMboxMessages);
    const children: ChildOut[] = spans.map(([s, e], i) => ({
      data: unquoteFrom(data.subarray(s, e)),
      name: `${input.name}#${i + 1}`,
      provenanceSuffix: `#${i + 1}`,
      declaredMime: 'message/rfc822',
    }));
    const warnings =
      spans.length >= input.limits.maxMboxMessages
        ? [`stopped at ${spans.length} messages (maxMboxMessages)`]
        : [];
    return {
      kind: 'Folder',
      mime: 'application/mbox',
      folder: { format: 'mbox', name: input.name, entries: children.length, warnings },
      children,
      warnings,
    };
  },
};

/** Returns [start, end) of each message body (separator line excluded, trailing blank line trimmed). */
export function splitMbox(data: Buffer, max: number): [number, number][] {
  const seps = findSeparators(data);
  const out: [number, number][] = [];
  let k = 0;
  while (k < seps.length && out.length < max) {
    const sepStart = seps[k]!;
    const lineEnd = data.indexOf(0x0a, sepStart);
    const start = lineEnd < 0 ? data.length : lineEnd + 1;
    let next = k + 1;
    let end = next < seps.length ? seps[next]! : data.length;
    const cl = contentLength(data, start, end);
    if (cl !== null) {
      const bodyStart = bodyOffset(data, start);
      const target = bodyStart + cl;
      // Accept the length when it lands on a later separator (or on EOF), skipping false ones.
      while (next < seps.length && seps[next]! < target) next++;
      const landsOnSep = next < seps.length && Math.abs(seps[next]! - target) <= 2;
      // mboxcl writers need no blank line before the next "From ": the length says where it is.
      const bare = landsOnSep ? -1 : fromLineNear(data, target);
      if (bare >= 0) {
        seps.splice(next, 0, bare);
        end = bare;
      } else if (landsOnSep || (next >= seps.length && target >= data.length - 2))
        end = next < seps.length ? seps[next]! : data.length;
      else next = k + 1;
    }
    out.push([start, trimEnd(data, start, end)]);
    k = next;
  }
  return out;
}

/** Start of a separator-shaped `From ` line within 2 bytes of `at` (line ends may differ), or -1. */
function fromLineNear(data: Buffer, at: number): number {
  for (const t of [at, at + 1, at - 1, at + 2, at - 2]) {
    if (t <= 0 || t >= data.length || data[t - 1] !== 0x0a || data.toString('latin1', t, t + 5) !== 'From ')
      continue;
    const nl = data.indexOf(0x0a, t);
    const line = data.toString('latin1', t, nl < 0 ? data.length : Math.min(nl, t + 300));
    const nextEnd = nl < 0 ? -1 : data.indexOf(0x0a, nl + 1);
    const next =
      nl < 0 ? '' : data.toString('latin1', nl + 1, nextEnd < 0 ? data.length : Math.min(nextEnd, nl + 300));
    if (isSeparatorLine(line, next)) return t;
  }
  return -1;
}

/**
 * Separator positions. A `From ` line separates when it starts the file or follows a blank line;
 * a line of spaces counts as blank (editors and gateways leave them), and so does a MIME closing
 * boundary: some writers put the next `From ` line right after it, and without this the next
 * message disappears into the previous one's epilogue.
 */
function findSeparators(data: Buffer): number[] {
  const seps: number[] = [];
  let pos = 0;
  let prevStart = -1;
  let prevEnd = -1;
  while (pos < data.length) {
    const nl = data.indexOf(0x0a, pos);
    const lineEnd = nl < 0 ? data.length : nl;
    if (data[pos] === 0x46 && data.toString('latin1', pos, pos + 5) === 'From ') {
      const line = data.toString('latin1', pos, Math.min(lineEnd, pos + 300));
      const nextEnd = nl < 0 ? data.length : data.indexOf(0x0a, nl + 1);
      const next =
        nl < 0
          ? ''
          : data.toString('latin1', nl + 1, Math.min(nextEnd < 0 ? data.length : nextEnd, nl + 300));
      const prevLine =
        prevStart < 0 ? '' : data.toString('latin1', prevStart, Math.min(prevEnd, prevStart + 200));
      const afterBlank = prevStart < 0 || /^[ \t]*\r?$/.test(prevLine);
      const afterBoundary =
        CLOSING_BOUNDARY.test(prevLine) && isSeparatorLine(line, next) && HEADER_LINE.test(next);
      if ((afterBlank && isSeparatorLine(line, next)) || afterBoundary) seps.push(pos);
    }
    if (nl < 0) break;
    prevStart = pos;
    prevEnd = lineEnd;
    pos = nl + 1;
  }
  return seps;
}

function bodyOffset(data: Buffer, start: number): number {
  const a = data.indexOf('\n\n', start, 'latin1');
  const b = data.indexOf('\r\n\r\n', start, 'latin1');
  if (a < 0 && b < 0) return data.length;
  if (b >= 0 && (a < 0 || b < a)) return b + 4;
  return a + 2;
}

function contentLength(data: Buffer, start: number, end: number): number | null {
  const hdrEnd = Math.min(bodyOffset(data, start), end);
  const head = data.toString('latin1', start, hdrEnd);
  const m = /^content-length:\s*(\d+)\s*$/im.exec(head);
  return m ? Number(m[1]) : null;
}

function trimEnd(data: Buffer, start: number, end: number): number {
  // The blank line before the next separator belongs to the mbox format, not to the message.
  if (end - start >= 2 && data[end - 1] === 0x0a && data[end - 2] === 0x0a) return end - 1;
  if (end - start >= 4 && data[end - 1] === 0x0a && data[end - 2] === 0x0d && data[end - 3] === 0x0a)
    return end - 2;
  return end;
}

/** mboxrd: `>From `, `>>From ` … lose one `>` (mboxo's `>From ` is undone the same way). */
export function unquoteFrom(msg: Buffer): Buffer {
  if (
    msg.indexOf('\n>From ', 0, 'latin1') < 0 &&
    msg.indexOf('\n>>', 0, 'latin1') < 0 &&
    !msg.subarray(0, 6).equals(Buffer.from('>From '))
  )
    return msg;
  const s = msg.toString('latin1').replace(/^>(>*From )/gm, '$1');
  return Buffer.from(s, 'latin1');
}
