import type { ClientKind } from './org.js';
import type { Rng } from './prng.js';

/**
 * How each mail client writes the headers that header forensics reads: Message-ID and MIME
 * boundary formats, the X-Mailer or User-Agent line and where MIME-Version sits. Formats follow
 * what these clients emitted in 2016–2017 (Outlook 2016 through Exchange Online, Gmail web,
 * Apple Mail 10, Thunderbird 45).
 */
export interface ClientStyle {
  kind: ClientKind;
  messageId(rng: Rng, domain: string): string;
  /** A boundary for a multipart of the given depth (0 = outermost). */
  boundary(rng: Rng, messageId: string, depth: number): string;
  /** Headers the client adds (name, value). */
  extraHeaders(
    rng: Rng,
    ctx: {
      lang: 'fr' | 'en';
      hasAttachment: boolean;
      subject: string;
      sentMs: number;
      parentThreadIndex: string | null;
    },
  ): [string, string][];
  /** Whether the client stamps Date in UTC (Exchange Online) rather than the sender's local time. */
  utcDate: boolean;
  /** Reply attribution line above a quote. */
  attribution(lang: 'fr' | 'en', date: string, from: string): string;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const B64 = `${ALNUM}+_-`;

function uuid(rng: Rng, upper: boolean): string {
  const h = rng.hex(32);
  const u = `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[rng.int(0, 3)]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  return upper ? u.toUpperCase() : u;
}

/** Exchange Online server names look like `AM5PR0701MB2548`. */
function exchangeHost(rng: Rng): string {
  return `${rng.pick(['AM5', 'DB6', 'HE1', 'VI1'])}PR0${rng.int(1, 8)}01MB${rng.int(1000, 2999)}`;
}

/**
 * Outlook's Thread-Index (MS-OXOMSG §2.2.1.3): a reply appends a 5-byte block to its parent's
 * value; a new conversation is 0x01, the top 5 bytes of the FILETIME, and a 16-byte GUID.
 */
function threadIndex(rng: Rng, sentMs: number, parent: string | null): string {
  if (parent)
    return Buffer.concat([Buffer.from(parent, 'base64'), Buffer.from(rng.hex(10), 'hex')]).toString('base64');
  const filetime = (BigInt(sentMs) + 11_644_473_600_000n) * 10_000n;
  const ft = Buffer.alloc(8);
  ft.writeBigUInt64BE(filetime);
  return Buffer.concat([Buffer.from([1]), ft.subarray(0, 5), Buffer.from(rng.hex(32), 'hex')]).toString(
    'base64',
  );
}

const outlook: ClientStyle = {
  kind: 'outlook',
  utcDate: true,
  messageId(rng) {
    const host = exchangeHost(rng);
    return `<${host}${rng.hex(32, true)}@${host}.eurprd0${rng.int(1, 8)}.prod.outlook.com>`;
  },
  boundary(_rng, messageId, depth) {
    // Exchange derives boundaries from the Message-ID: _000_<local-part>_ , _004_ for mixed.
    const local = messageId.slice(1, messageId.indexOf('@')).replace(/[^A-Za-z0-9]/g, '');
    return `_00${depth === 0 ? 4 : 0}_${local}${messageId.slice(messageId.indexOf('@') + 1, -1).replace(/[^A-Za-z0-9]/g, '')}_`;
  },
  extraHeaders(rng, ctx) {
    const ti = threadIndex(rng, ctx.sentMs, ctx.parentThreadIndex);
    return [
      ['Thread-Topic', ctx.subject],
      ['Thread-Index', ti],
      ['Accept-Language', ctx.lang === 'fr' ? 'fr-FR, en-US' : 'en-US'],
      ['Content-Language', ctx.lang === 'fr' ? 'fr-FR' : 'en-US'],
      ['X-MS-Has-Attach', ctx.hasAttachment ? 'yes' : ''],
      ['X-MS-TNEF-Correlator', ''],
      ['X-Mailer', 'Microsoft Outlook 16.0'],
    ];
  },
  attribution(lang, date, from) {
    return lang === 'fr' ? `De : ${from}\nEnvoyé : ${date}` : `From: ${from}\nSent: ${date}`;
  },
};

const gmail: ClientStyle = {
  kind: 'gmail',
  utcDate: false,
  messageId(rng) {
    return `<CA${rng.chars(1, 'BDEHJKLMNPOe')}${rng.chars(rng.int(42, 50), B64)}@mail.gmail.com>`;
  },
  boundary(rng) {
    return `001a11${rng.hex(22)}`;
  },
  extraHeaders() {
    return [];
  },
  attribution(lang, date, from) {
    return lang === 'fr' ? `Le ${date}, ${from} a écrit :` : `On ${date}, ${from} wrote:`;
  },
};

const apple: ClientStyle = {
  kind: 'apple',
  utcDate: false,
  messageId(rng, domain) {
    return `<${uuid(rng, true)}@${domain}>`;
  },
  boundary(rng) {
    return `Apple-Mail=_${uuid(rng, true)}`;
  },
  extraHeaders() {
    return [['X-Mailer', 'Apple Mail (2.3273)']];
  },
  attribution(lang, date, from) {
    return lang === 'fr' ? `> Le ${date}, ${from} a écrit :` : `> On ${date}, ${from} wrote:`;
  },
};

const thunderbird: ClientStyle = {
  kind: 'thunderbird',
  utcDate: false,
  messageId(rng, domain) {
    return `<${uuid(rng, false)}@${domain}>`;
  },
  boundary(rng) {
    return `------------${rng.chars(24, ALNUM)}`;
  },
  extraHeaders() {
    return [
      ['User-Agent', 'Mozilla/5.0 (Windows NT 10.0; WOW64; rv:45.0) Gecko/20100101 Thunderbird/45.8.0'],
    ];
  },
  attribution(lang, date, from) {
    return lang === 'fr' ? `Le ${date}, ${from} a écrit :` : `On ${date}, ${from} wrote:`;
  },
};

export const CLIENTS: Record<ClientKind, ClientStyle> = { outlook, gmail, apple, thunderbird };
