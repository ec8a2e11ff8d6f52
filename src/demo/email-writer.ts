import type { ClientStyle } from './clients.js';
import {
  base64Lines,
  encodeWord,
  escapeHtml,
  mailbox,
  quotedPrintable,
  rfc5322Date,
  zoneOffset,
} from './mime-util.js';
import type { Person } from './org.js';
import type { Rng } from './prng.js';

export interface Attachment {
  filename: string;
  mime: string;
  data: Uint8Array;
}

/** One message as its author's client composes it, before any server touches it. */
export interface Draft {
  from: Person;
  to: Person[];
  cc: Person[];
  sentMs: number;
  subject: string;
  /** Plain-text body (LF line ends); the client derives the HTML part from it. */
  text: string;
  /** Whether the client sends an HTML alternative (Thunderbird users often send plain text). */
  html: boolean;
  attachments: Attachment[];
  messageId: string;
  inReplyTo: string | null;
  references: string[];
  client: ClientStyle;
  lang: 'fr' | 'en';
  /** The parent's Thread-Index when it had one (Outlook extends it). */
  parentThreadIndex: string | null;
}

/** `client(rng)` header block and MIME body, CRLF, exactly as the client hands them to its server. */
export interface Composed {
  headers: [string, string][];
  body: string;
}

function htmlOf(d: Draft): string {
  const paras = d.text
    .split('\n\n')
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>\n')}</p>`)
    .join('\n');
  switch (d.client.kind) {
    case 'outlook':
      return `<html xmlns:o="urn:schemas-microsoft-com:office:office">\n<head>\n<meta http-equiv="Content-Type" content="text/html; charset=utf-8">\n<meta name="Generator" content="Microsoft Word 15 (filtered medium)">\n</head>\n<body lang="FR" link="#0563C1">\n<div class="WordSection1">\n${paras}\n</div>\n</body>\n</html>\n`;
    case 'gmail':
      return `<div dir="ltr">${paras}</div>\n`;
    case 'apple':
      return `<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body style="word-wrap: break-word; -webkit-nbsp-mode: space; -webkit-line-break: after-white-space;" class="">${paras}</body></html>`;
    default:
      return `<html>\n  <head>\n    <meta http-equiv="content-type" content="text/html; charset=utf-8">\n  </head>\n  <body text="#000000" bgcolor="#FFFFFF">\n    ${paras}\n  </body>\n</html>\n`;
  }
}

function textPart(mime: 'plain' | 'html', content: string): string {
  return `Content-Type: text/${mime}; charset="utf-8"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n${quotedPrintable(content)}\r\n`;
}

function attachmentPart(a: Attachment): string {
  const name = encodeWord(a.filename);
  return `Content-Type: ${a.mime}; name="${name}"\r\nContent-Disposition: attachment; filename="${name}"\r\nContent-Transfer-Encoding: base64\r\n\r\n${base64Lines(a.data)}\r\n`;
}

function multipart(boundary: string, parts: string[]): string {
  return `${parts.map((p) => `--${boundary}\r\n${p}`).join('\r\n')}\r\n--${boundary}--\r\n`;
}

/** Body and top-level Content-Type for the draft: text, text+html alternative, or mixed with attachments. */
function mimeBody(rng: Rng, d: Draft): { contentType: string; body: string } {
  if (!d.html && d.attachments.length === 0) {
    return { contentType: 'text/plain; charset="utf-8"', body: quotedPrintable(d.text) };
  }
  const inner = d.html ? null : textPart('plain', d.text);
  let alt: string;
  let altType = '';
  if (d.html) {
    const b = d.client.boundary(rng, d.messageId, 1);
    altType = `multipart/alternative; boundary="${b}"`;
    alt = multipart(b, [textPart('plain', d.text), textPart('html', htmlOf(d))]);
    if (d.attachments.length === 0) return { contentType: altType, body: alt };
  } else {
    alt = inner as string;
  }
  const outer = d.client.boundary(rng, d.messageId, 0);
  const first = d.html ? `Content-Type: ${altType}\r\n\r\n${alt}` : alt;
  return {
    contentType: `multipart/mixed; boundary="${outer}"`,
    body: multipart(outer, [first, ...d.attachments.map(attachmentPart)]),
  };
}

const list = (ps: Person[]) => ps.map((p) => mailbox(p.name, p.address)).join(', ');

/**
 * Composes a message with the header set and order of the draft's client (see clients.ts).
 * @example compose(rng, draft).headers[0] // ['From', 'Camille Martin <camille.martin@avancer.example>'] for Outlook
 */
export function compose(rng: Rng, d: Draft): Composed {
  const { contentType, body } = mimeBody(rng, d);
  const zone = d.from.zone;
  const offset = d.client.utcDate ? 0 : zoneOffset(zone, d.sentMs);
  const date = rfc5322Date(d.sentMs, offset);
  const subject = encodeWord(d.subject);
  const cte: [string, string][] = contentType.startsWith('text/')
    ? [['Content-Transfer-Encoding', 'quoted-printable']]
    : [];
  const ctype: [string, string] = ['Content-Type', contentType];
  const to: [string, string] = ['To', list(d.to)];
  const cc: [string, string][] = d.cc.length ? [['Cc', list(d.cc)]] : [];
  const from: [string, string] = ['From', mailbox(d.from.name, d.from.address)];
  const irt: [string, string][] = d.inReplyTo ? [['In-Reply-To', d.inReplyTo]] : [];
  const refs: [string, string][] = d.references.length ? [['References', d.references.join('\r\n ')]] : [];
  const extra = d.client.extraHeaders(rng, {
    lang: d.lang,
    hasAttachment: d.attachments.length > 0,
    subject: d.subject,
    sentMs: d.sentMs,
    parentThreadIndex: d.parentThreadIndex,
  });
  let headers: [string, string][];
  switch (d.client.kind) {
    case 'outlook': {
      const x = extra.filter(([k]) => k !== 'X-Mailer');
      headers = [
        from,
        to,
        ...cc,
        ['Subject', subject],
        ...x.slice(0, 2),
        ['Date', date],
        ['Message-ID', d.messageId],
        ...refs,
        ...irt,
        ...x.slice(2),
        ...(extra.find(([k]) => k === 'X-Mailer')
          ? [extra.find(([k]) => k === 'X-Mailer') as [string, string]]
          : []),
        ctype,
        ...cte,
        ['MIME-Version', '1.0'],
      ];
      break;
    }
    case 'gmail':
      headers = [
        ['MIME-Version', '1.0'],
        ...refs,
        ...irt,
        from,
        ['Date', date],
        ['Message-ID', d.messageId],
        ['Subject', subject],
        to,
        ...cc,
        ctype,
        ...cte,
      ];
      break;
    case 'apple':
      headers = [
        from,
        ctype,
        ...cte,
        ['Mime-Version', '1.0 (Mac OS X Mail 10.3 \\(3273\\))'],
        ['Subject', subject],
        ['Date', date],
        ...irt,
        to,
        ...cc,
        ...refs,
        ['Message-Id', d.messageId],
        ...extra,
      ];
      break;
    default:
      headers = [
        ['Subject', subject],
        to,
        ...cc,
        ...refs,
        from,
        ['Message-ID', d.messageId],
        ['Date', date],
        ...extra,
        ['MIME-Version', '1.0'],
        ...irt,
        ctype,
        ['Content-Language', d.lang === 'fr' ? 'fr' : 'en-US'],
        ...cte,
      ];
  }
  return { headers, body };
}

/** Serialises headers + body with CRLF. */
export function serialize(headers: [string, string][], body: string): string {
  return `${headers.map(([k, v]) => `${k}: ${v}`).join('\r\n')}\r\n\r\n${body}`;
}
