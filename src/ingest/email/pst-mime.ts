/**
 * Rebuilds an RFC 822 message from a PST item, so each message becomes an ordinary e-mail child
 * that the eml ingestor parses like any other (as readpst does). Outlook keeps the transport
 * headers of received mail (PR_TRANSPORT_MESSAGE_HEADERS): they are reused as received, minus the
 * MIME headers, which must describe the body rebuilt here; sent items get synthesised headers.
 */
export interface PstMessageLike {
  subject: string;
  senderName: string;
  senderEmailAddress: string;
  displayTo: string;
  displayCC: string;
  clientSubmitTime: Date | null;
  messageDeliveryTime?: Date | null;
  internetMessageId: string;
  transportMessageHeaders: string;
  body: string;
  bodyHTML: string;
}

export interface PstAttachmentLike {
  name: string;
  mime: string;
  data: Buffer;
}

const MIME_HEADERS = /^(content-type|content-transfer-encoding|mime-version|content-disposition)$/i;

const word = (s: string) =>
  /^[\x20-\x7e]*$/.test(s) ? s : `=?UTF-8?B?${Buffer.from(s, 'utf8').toString('base64')}?=`;
const b64 = (b: Buffer) => b.toString('base64').replace(/.{76}/g, '$&\r\n');

function headerBlock(m: PstMessageLike): string[] {
  const kept = m.transportMessageHeaders
    .replace(/\r?\n[ \t]+/g, ' ')
    .split(/\r?\n/)
    .filter((l) => /^[!-9;-~]+:/.test(l) && !MIME_HEADERS.test(l.split(':')[0] ?? ''));
  if (kept.some((l) => /^from:/i.test(l))) return kept;
  const date = m.clientSubmitTime ?? m.messageDeliveryTime ?? null;
  const out = [`From: ${word(m.senderName)} <${m.senderEmailAddress}>`];
  if (m.displayTo) out.push(`To: ${word(m.displayTo)}`);
  if (m.displayCC) out.push(`Cc: ${word(m.displayCC)}`);
  out.push(`Subject: ${word(m.subject)}`);
  if (date && Number.isFinite(date.getTime()))
    out.push(`Date: ${date.toUTCString().replace('GMT', '+0000')}`);
  if (m.internetMessageId) out.push(`Message-ID: ${m.internetMessageId}`);
  return out;
}

/** @example toRfc822(msg, []) // Buffer holding 'From: …\r\n…\r\n\r\n<body>' */
export function toRfc822(m: PstMessageLike, attachments: PstAttachmentLike[]): Buffer {
  const boundary = `=_leaklens_pst_${Math.abs(hash(m.internetMessageId + m.subject)).toString(36)}`;
  const parts: string[] = [];
  const text = (type: string, body: string) =>
    `Content-Type: ${type}; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64(Buffer.from(body, 'utf8'))}`;
  if (m.body || !m.bodyHTML) parts.push(text('text/plain', m.body));
  if (m.bodyHTML) parts.push(text('text/html', m.bodyHTML));
  for (const a of attachments) {
    const name = word(a.name);
    parts.push(
      `Content-Type: ${a.mime || 'application/octet-stream'}; name="${name}"\r\nContent-Disposition: attachment; filename="${name}"\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64(a.data)}`,
    );
  }
  const head = [
    ...headerBlock(m),
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
  ];
  const body = `${parts.map((p) => `--${boundary}\r\n${p}`).join('\r\n')}\r\n--${boundary}--\r\n`;
  return Buffer.from(`${head.join('\r\n')}\r\n\r\n${body}`, 'utf8');
}

/** Deterministic boundary: same message, same bytes, same blob hash on every run. */
function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}
