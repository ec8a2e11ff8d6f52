import PostalMime, { decodeWords, type Address as PmAddress, type Email as PmEmail } from 'postal-mime';
import type { Address, EmailRecord, RawHeader } from '../../model/entities.js';
import { htmlToText } from '../../util/html-text.js';
import { sanitizeEmailHtml } from '../../util/sanitize.js';
import type { ChildFailure, ChildOut, IngestOutput } from '../ingestor.js';
import { IngestError } from '../ingestor.js';
import type { Limits } from '../limits.js';
import { checkBody } from './checks.js';
import { addresses, type FastParsed, fastParse } from './fast-mime.js';
import {
  hasBom,
  headerEnd,
  headerValues,
  parseRawHeaders,
  repairBlankSeparator,
  repairLostFolds,
} from './headers.js';
import { capTopLevelParts } from './part-cap.js';

/**
 * Parses one RFC 822 message: headers as received (order and case kept, for forensics), bodies
 * (text, sanitised HTML, HTML made text), and every attachment or inline part as a child that the
 * manager stores as a blob and ingests in turn (a message/rfc822 part becomes a child Email).
 */
export async function parseMessage(raw: Buffer, limits: Limits): Promise<IngestOutput> {
  if (raw.length === 0) throw new IngestError('empty', 'zero-byte file: no message to read');
  // A byte order mark is no part of RFC 5322; the original bytes stay in the blob.
  const data = repairLostFolds(
    repairBlankSeparator(hasBom(raw) ? raw.subarray(3) : raw, limits.maxHeaderBytes),
    limits.maxHeaderBytes,
  );
  const hEnd = headerEnd(data, limits.maxHeaderBytes);
  const headers = hEnd >= 0 ? parseRawHeaders(data, limits.maxHeaderBytes) : [];
  // The first maxAttachments attachments (plus the body part) are parsed; the rest is recorded.
  const capped = hEnd >= 0 ? capTopLevelParts(data, headers, hEnd, limits.maxAttachments + 1) : null;
  if (!capped) return parseWhole(data, limits);
  const over = (out: IngestOutput): IngestOutput => {
    if (out.kind !== 'Email') return out;
    const all = [...(out.children as ChildOut[])];
    const kept = all.slice(0, limits.maxAttachments);
    const notExtracted = capped.total - (limits.maxAttachments + 1) + (all.length - kept.length);
    const message = `${capped.total} MIME parts: the first ${kept.length} attachments extracted (maxAttachments), the other ${notExtracted} parts not`;
    const rest: ChildFailure = {
      provenanceSuffix: `/attachment/${kept.length + 1}-${capped.total}`,
      name: `attachments ${kept.length + 1}–${capped.total}`,
      reason: 'limit-exceeded',
      message,
    };
    out.email.attachmentCount = kept.length;
    return { ...out, children: [...kept, rest], warnings: [...(out.warnings ?? []), message] };
  };
  try {
    return over(await parseWhole(capped.data, limits));
  } catch (err) {
    if (err instanceof IngestError && err.partial)
      throw new IngestError(err.reason, err.message, over(err.partial));
    throw err;
  }
}

/** Parses a message whose header repairs are done (parseMessage). */
async function parseWhole(data: Buffer, limits: Limits): Promise<IngestOutput> {
  if (data.length === 0) throw new IngestError('empty', 'zero-byte file: no message to read');
  const headers = parseRawHeaders(data, limits.maxHeaderBytes);
  // An empty header section (the message starts with a blank line) is still a message: mbox
  // writers produce them. Anything else without a header line first is not e-mail.
  const emptyHeaderSection = data[0] === 0x0a || (data[0] === 0x0d && data[1] === 0x0a);
  if (headers.length === 0 && !emptyHeaderSection) {
    throw new IngestError('not-email', 'no RFC 822 header block at the start of the file');
  }
  const hEnd = headerEnd(data, limits.maxHeaderBytes);
  if (hEnd < 0 && data.length > limits.maxHeaderBytes) {
    throw new IngestError(
      'limit-exceeded',
      `header block larger than ${limits.maxHeaderBytes} bytes (maxHeaderBytes)`,
    );
  }
  const fast = hEnd >= 0 && !process.env.LEAKLENS_NO_FAST_MIME ? fastParse(data, headers, hEnd) : null;
  if (fast)
    return finish(
      data,
      fromFast(fast, headers, limits),
      fast.attachments.map((a, i) => childOf(a, i)),
    );
  let parsed: PmEmail;
  try {
    parsed = await PostalMime.parse(data, {
      forceRfc822Attachments: true,
      attachmentEncoding: 'arraybuffer',
      maxNestingDepth: limits.maxMimeDepth,
      maxHeadersSize: limits.maxHeaderBytes,
    });
  } catch (err) {
    // Keep what the headers say, so the message is still listed, searchable and verifiable.
    const partial = recordFromHeaders(headers);
    const why = (err as Error).message || String(err);
    const reason = /nest|depth/i.test(why)
      ? 'limit-exceeded'
      : /header/i.test(why)
        ? 'limit-exceeded'
        : 'corrupt';
    const msg =
      reason === 'limit-exceeded' && /nest|depth/i.test(why)
        ? `MIME parts nested deeper than ${limits.maxMimeDepth} levels (maxMimeDepth); headers kept, body not parsed`
        : `MIME structure could not be parsed (${why}); headers kept`;
    throw new IngestError(reason, msg, { kind: 'Email', email: partial, children: [], warnings: [msg] });
  }
  const email = toRecord(parsed, headers, limits);
  const children: ChildOut[] = parsed.attachments.map((a, i) =>
    childOf(
      {
        body: Buffer.from(a.content as ArrayBuffer),
        filename: a.filename,
        contentType: a.mimeType,
        disposition: a.disposition,
        related: a.related,
        contentId: a.contentId ?? null,
      },
      i,
    ),
  );
  return finish(data, email, children);
}

function childOf(
  a: {
    body: Buffer;
    filename: string | null;
    contentType: string;
    disposition: string | null;
    related?: boolean;
    contentId: string | null;
  },
  i: number,
): ChildOut {
  return {
    data: a.body,
    name: a.filename ?? defaultName(a.contentType, i),
    provenanceSuffix: `/${a.disposition === 'inline' || a.related ? 'inline' : 'attachment'}/${i + 1}${a.filename ? `/${safeSegment(a.filename)}` : ''}`,
    declaredMime: a.contentType,
    disposition: a.disposition ?? (a.related ? 'inline' : 'attachment'),
    contentId: a.contentId,
  };
}

function fromFast(f: FastParsed, headers: RawHeader[], limits: Limits): EmailRecord {
  const rec = recordFromHeaders(headers);
  const html = f.html ? f.html.slice(0, limits.maxTextChars) : null;
  rec.text = f.text.slice(0, limits.maxTextChars);
  rec.html = html ? sanitizeEmailHtml(html) : null;
  rec.htmlText = html ? htmlToText(html).slice(0, limits.maxTextChars) : '';
  return rec;
}

/** Common end of both parsing paths: warnings and integrity checks. */
function finish(data: Buffer, email: EmailRecord, children: ChildOut[]): IngestOutput {
  email.attachmentCount = children.length;
  const warnings: string[] = [];
  if (!email.from) warnings.push('no From header');
  if (!email.dateRaw) warnings.push('no Date header');
  if (!email.messageId) warnings.push('no Message-ID header');
  const out: IngestOutput = { kind: 'Email', mime: 'message/rfc822', email, children, warnings };
  const problems = checkBody(data);
  const undecodable = (email.text.match(/\uFFFD/g) ?? []).length;
  if (undecodable) {
    const cs =
      /charset\s*=\s*"?([\w.:-]+)/i.exec(data.toString('latin1', 0, Math.min(data.length, 65536)))?.[1] ??
      'us-ascii';
    problems.push({
      reason: 'bad-charset',
      message: `${undecodable} byte sequence(s) in the text are not valid ${cs} (wrong or missing charset); shown as U+FFFD`,
    });
  }
  if (problems.length) {
    const first = problems[0]!;
    const message = problems.map((p) => p.message).join('; ');
    throw new IngestError(first.reason, message, {
      ...out,
      warnings: [...warnings, ...problems.map((p) => p.message)],
    });
  }
  return out;
}

function toRecord(p: PmEmail, headers: RawHeader[], limits: Limits): EmailRecord {
  const dateRaw = headerValues(headers, 'date')[0] ?? null;
  const html = p.html ? p.html.slice(0, limits.maxTextChars) : null;
  return {
    messageId: normId(p.messageId) ?? normId(headerValues(headers, 'message-id')[0]),
    inReplyTo: inReplyToId(headerValues(headers, 'in-reply-to')[0] ?? p.inReplyTo),
    references: parseRefs(p.references ?? headerValues(headers, 'references').join(' ')),
    subject: decodeSubject(p.subject, headerValues(headers, 'subject')[0]),
    from: withComments(headers, 'from', flat(p.from ? [p.from] : []))[0] ?? null,
    sender: withComments(headers, 'sender', flat(p.sender ? [p.sender] : []))[0] ?? null,
    replyTo: withComments(headers, 'reply-to', flat(p.replyTo)),
    to: withComments(headers, 'to', flat(p.to)),
    cc: withComments(headers, 'cc', flat(p.cc)),
    bcc: withComments(headers, 'bcc', flat(p.bcc)),
    date: toIsoDate(dateRaw),
    dateRaw,
    headers,
    text: (p.text ?? '').slice(0, limits.maxTextChars),
    html: html ? sanitizeEmailHtml(html) : null,
    htmlText: html ? htmlToText(html).slice(0, limits.maxTextChars) : '',
    attachmentCount: 0,
  };
}

/**
 * The subject as a reader saw it. Two repairs: 8-bit bytes that are not UTF-8 (postal-mime shows
 * U+FFFD) are re-read from the raw header (decoded as Latin-1); and words encoded twice by a
 * broken gateway (=?UTF-8?B?…?= wrapping another =?…?=) are decoded again.
 */
function decodeSubject(parsed: string | undefined, raw: string | undefined): string | null {
  let s = parsed ?? (raw !== undefined ? decodeWords(raw) : undefined);
  if (s === undefined) return null;
  if (s.includes('\uFFFD') && raw) s = decodeWords(raw);
  for (let i = 0; i < 3 && /=\?[^?\s]+\?[bq]\?[^?]*\?=/i.test(s); i++) s = decodeWords(s);
  return s;
}

/** Minimal record from raw headers only, for messages whose MIME body cannot be parsed. */
export function recordFromHeaders(headers: RawHeader[]): EmailRecord {
  const one = (n: string) => headerValues(headers, n)[0] ?? null;
  const addr = (n: string) => {
    const v = one(n);
    try {
      return addresses(v ?? undefined);
    } catch {
      return parseAddressList(v);
    }
  };
  const dateRaw = one('date');
  return {
    messageId: normId(one('message-id') ?? undefined),
    inReplyTo: inReplyToId(one('in-reply-to')),
    references: parseRefs(one('references') ?? ''),
    subject: decodeSubject(undefined, one('subject') ?? undefined),
    from: addr('from')[0] ?? null,
    sender: addr('sender')[0] ?? null,
    replyTo: addr('reply-to'),
    to: addr('to'),
    cc: addr('cc'),
    bcc: addr('bcc'),
    date: toIsoDate(dateRaw),
    dateRaw,
    headers,
    text: '',
    html: null,
    htmlText: '',
    attachmentCount: 0,
  };
}

function parseAddressList(v: string | null): Address[] {
  if (!v) return [];
  return v
    .split(',')
    .map((part) => {
      const m = /^(.*?)<([^>]+)>/.exec(part.trim());
      if (m) return { name: m[1]!.replace(/"/g, '').trim(), address: m[2]!.trim().toLowerCase() };
      return { name: '', address: part.trim().toLowerCase() };
    })
    .filter((a) => a.address.includes('@'));
}

function flat(list: PmAddress[] | undefined): Address[] {
  const out: Address[] = [];
  for (const a of list ?? []) {
    if (a.group)
      for (const m of a.group) out.push({ name: m.name ?? '', address: (m.address ?? '').toLowerCase() });
    else if (a.address !== undefined) out.push({ name: a.name ?? '', address: a.address.toLowerCase() });
  }
  return out;
}

/** postal-mime keeps RFC 5322 comments inside addresses: re-read such headers without them. */
function withComments(headers: RawHeader[], name: string, parsed: Address[]): Address[] {
  const raw = headerValues(headers, name)[0];
  if (!raw?.includes('(')) return parsed;
  try {
    return addresses(raw).filter((a) => a.address || a.name);
  } catch {
    return parsed;
  }
}

function normId(v: string | undefined | null): string | null {
  if (!v) return null;
  const m = /<([^>]+)>/.exec(v);
  const id = (m ? m[1]! : v).trim();
  return id ? id : null;
}

/**
 * The Message-ID an In-Reply-To names (RFC 5322 §3.6.4: one or more msg-ids; old clients write
 * `Your message of "Mon, 4 Jan" <id@host>` or put the sender's <address> first). A msg-id in
 * angle brackets wins over a bare word; of several, the last, which is where both the old form
 * and a list of parents put the message replied to. A bare `id@host` is the last resort.
 */
export function inReplyToId(v: string | null | undefined): string | null {
  if (!v) return null;
  const find = (x: string) => [...x.matchAll(/<([^<>\s]+@[^<>\s]+)>/g)].map((m) => m[1]!);
  // RFC 5322 §3.2.2 comments ("(from Joe <joe@x>)") hold no msg-id.
  const ids = find(v.replace(/\([^()]*\)/g, ' '));
  if (ids.length) return ids.at(-1)!;
  const any = find(v);
  if (any.length) return any[0]!;
  return normId(v.split(/\s+/).find((s) => s.includes('@')));
}

function parseRefs(v: string): string[] {
  const out: string[] = [];
  for (const m of v.matchAll(/<([^>]+)>/g)) out.push(m[1]!.trim());
  return out;
}

/** RFC 5322 date to ISO 8601 UTC; null when missing or unparseable (the raw value is kept beside it). */
export function toIsoDate(raw: string | null): string | null {
  if (!raw) return null;
  // Tolerate what real clients write: comments, "at" between date and time, "GMT+1" zones.
  const cleaned = raw
    .replace(/\([^)]*\)/g, ' ')
    .replace(/\s+at\s+/i, ' ')
    .replace(
      /\b(?:GMT|UTC)([+-])(\d{1,2})(?::?(\d{2}))?\b/i,
      (_m, sign: string, h: string, mm?: string) => `${sign}${h.padStart(2, '0')}${mm ?? '00'}`,
    )
    .replace(/\s+/g, ' ')
    .trim();
  const t = Date.parse(cleaned);
  if (Number.isNaN(t)) return null;
  const year = new Date(t).getUTCFullYear();
  // Dates before 1970 are real (archives of old lists): only absurd years are refused.
  if (year < 1900 || year > 2100) return null;
  return new Date(t).toISOString();
}

function defaultName(mime: string, i: number): string {
  if (mime === 'message/rfc822') return `message-${i + 1}.eml`;
  const ext =
    mime
      .split('/')[1]
      ?.replace(/[^a-z0-9]/gi, '')
      .slice(0, 8) || 'bin';
  return `part-${i + 1}.${ext}`;
}

function safeSegment(name: string): string {
  return name.replace(/[\\/\u0000-\u001f]/g, '_').slice(0, 200);
}
