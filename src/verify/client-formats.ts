/**
 * Message-ID and MIME boundary formats of common clients. A forger who writes a message by hand
 * and claims (through X-Mailer, User-Agent or Gmail's own headers) to have sent it with a known
 * client rarely reproduces the identifiers that client generates.
 * Patterns come from real messages of each client (see docs/authenticity.md for samples).
 */
import { firstValue, type ParsedMessage } from './message-parse.js';
import { boundaryOf, mediaType } from './mime-parts.js';
import type { ForensicFlag } from './types.js';

export interface ClientFormat {
  name: string;
  /** Evidence in the headers that the message claims this client. */
  claims: (msg: ParsedMessage, mailer: string) => boolean;
  messageId: RegExp;
  boundary: RegExp;
}

export const CLIENTS: ClientFormat[] = [
  {
    name: 'Gmail',
    // Gmail's own headers (X-Gm-Message-State, X-Google-Smtp-Source) also appear on mail Gmail
    // merely received or forwarded, so the claim is the sender: a Gmail From or a d=gmail.com signature.
    claims: (m, mailer) =>
      !mailer &&
      (/@(?:gmail|googlemail)\.com\s*>?\s*$/i.test(firstValue(m.headers, 'from') ?? '') ||
        m.headers.some(
          (h) => h.lower === 'dkim-signature' && /(?:^|;)\s*d\s*=\s*gmail\.com\s*(?:;|$)/i.test(h.value),
        )),
    // <CA + 40-odd base64url chars @mail.gmail.com>
    messageId: /^<CA[A-Za-z0-9+_=\-.]{20,}@mail\.gmail\.com>$/,
    // 28 hex digits (001a11…, and 000000000000… since 2018)
    boundary: /^[0-9a-f]{28}$/,
  },
  {
    name: 'Outlook/Exchange',
    claims: (m, mailer) =>
      /microsoft (office )?outlook|microsoft exchange|microsoft cdo/i.test(mailer) ||
      m.headers.some((h) => h.lower === 'thread-index' || h.lower.startsWith('x-ms-exchange-')),
    // Outlook: <000001d2c5a1$3f1e2b00$bd5a8100$@dom>; Exchange: <HASH@HOST.eurprd08.prod.outlook.com> or <HASH@SERVER.dom>
    messageId:
      /^<(?:[0-9a-f]{12}\$[0-9a-f]{8}\$[0-9a-f]{8}\$@[^>]+|[0-9A-Za-z]{16,}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|[0-9A-F]{8}\.[0-9A-F]{4}[^>]*@[^>]+)>$/,
    // ----=_NextPart_000_0001_01D2C5B2.0F2F5A00 or _000_<id>_
    boundary: /^(?:----=_NextPart_[0-9A-F_.]+|_\d{3}_[A-Za-z0-9]+_)$/,
  },
  {
    name: 'Apple Mail',
    claims: (_m, mailer) => /apple mail|iphone mail|ipad mail/i.test(mailer),
    // <UUID@host> in upper case
    messageId: /^<[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}@[^>]+>$/,
    boundary: /^Apple-Mail(?:=_[0-9A-F-]{36}|-\d+-\d+|-[0-9A-F-]+)$/,
  },
  {
    name: 'Thunderbird',
    claims: (_m, mailer) => /thunderbird|icedove|seamonkey/i.test(mailer),
    // <8hex.7digits@host> (to 2019) or <lower-case UUID@host>
    messageId:
      /^<(?:[0-9A-F]{8}\.[0-9]{5,8}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})@[^>]+>$/,
    boundary: /^-{12}[0-9A-Za-z]{16,26}$/,
  },
];

/** The client the headers claim, if any. */
export function claimedClient(msg: ParsedMessage): { client: ClientFormat; mailer: string } | null {
  const mailer = firstValue(msg.headers, 'x-mailer') ?? firstValue(msg.headers, 'user-agent') ?? '';
  const client = CLIENTS.find((c) => c.claims(msg, mailer));
  return client ? { client, mailer } : null;
}

export function clientFormatFlags(msg: ParsedMessage): ForensicFlag[] {
  const claimed = claimedClient(msg);
  if (!claimed) return [];
  const { client, mailer } = claimed;
  const flags: ForensicFlag[] = [];
  const messageId = firstValue(msg.headers, 'message-id');
  if (messageId && !client.messageId.test(messageId)) {
    flags.push({
      kind: 'message-id-mismatch',
      severity: 'medium',
      message: `The headers claim ${client.name}, but the Message-ID ${messageId} does not have the form ${client.name} generates.`,
      evidence: { client: client.name, mailer: mailer || null, messageId, expected: client.messageId.source },
    });
  }
  const ct = firstValue(msg.headers, 'content-type');
  const boundary = mediaType(ct).startsWith('multipart/') ? boundaryOf(ct) : null;
  if (boundary && !client.boundary.test(boundary)) {
    flags.push({
      kind: 'boundary-mismatch',
      severity: 'medium',
      message: `The headers claim ${client.name}, but the MIME boundary "${boundary}" does not have the form ${client.name} generates.`,
      evidence: { client: client.name, mailer: mailer || null, boundary, expected: client.boundary.source },
    });
  }
  return flags;
}
