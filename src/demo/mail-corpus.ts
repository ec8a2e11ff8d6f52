import { fileName, renderAttachment, staffMeta } from './attachments.js';
import { CLIENTS } from './clients.js';
import { type Content, type ContentKind, makeContent } from './content.js';
import { type Attachment, compose, type Draft } from './email-writer.js';
import type { Org, Person } from './org.js';
import type { Rng } from './prng.js';
import { bodyText, quote, replySubject, replyText } from './thread.js';
import { type TransportOptions, transport } from './transport.js';

/** Where delivered copies go (the dump writer): returns the copy's location, relative to the demo dir. */
export interface MailSink {
  deliver(mailbox: Person, raw: string, deliveredMs: number): string;
}

export const MAIL_START = Date.UTC(2016, 8, 1);
export const MAIL_END = Date.UTC(2017, 4, 5, 12);

export interface Sent {
  draft: Draft;
  /** Outlook's Thread-Index of this message, which replies extend. */
  threadIndex: string | null;
  messageId: string;
  raw: string;
  locations: string[];
}

/** Shared state of one generation run: counts delivered copies against the target. */
export class MailContext {
  copies = 0;
  attachments = 0;
  readonly byMessageId = new Map<string, string[]>();
  /** Called with every message sent (the trail of the demo reads their text and attachments). */
  onSent?: (s: Sent) => void;
  constructor(
    readonly rng: Rng,
    readonly org: Org,
    readonly sink: MailSink,
    readonly onCopy: () => void = () => {},
  ) {}

  draft(
    from: Person,
    to: Person[],
    cc: Person[],
    sentMs: number,
    subject: string,
    text: string,
    lang: 'fr' | 'en',
    attachments: Attachment[] = [],
    parent?: Sent,
  ): Draft {
    const client = CLIENTS[from.client];
    return {
      from,
      to,
      cc,
      sentMs,
      subject,
      text,
      lang,
      attachments,
      client,
      html: from.client === 'thunderbird' ? this.rng.chance(0.3) : true,
      messageId: client.messageId(this.rng, from.domain),
      inReplyTo: parent ? parent.messageId : null,
      references: parent ? [...parent.draft.references, parent.messageId].slice(-8) : [],
      parentThreadIndex: parent?.threadIndex ?? null,
    };
  }

  /** Composes, transports, lets `edit` tamper with the delivered bytes, and delivers to every leaked mailbox among the recipients. */
  async send(d: Draft, o: TransportOptions, edit?: (raw: string) => string, only?: Person[]): Promise<Sent> {
    const c = compose(this.rng, d);
    const del = await transport(this.rng, c, d.from, d.sentMs, o);
    const raw = edit ? edit(del.raw) : del.raw;
    const targets = only ?? [...d.to, ...d.cc].filter((p) => p.hasMailbox);
    const locations = targets.map((m) => this.sink.deliver(m, raw, del.deliveredMs));
    this.copies += locations.length;
    if (locations.length) this.attachments += d.attachments.length * locations.length;
    for (let i = 0; i < locations.length; i++) this.onCopy();
    if (locations.length) this.byMessageId.set(d.messageId, locations);
    const sent: Sent = {
      draft: d,
      messageId: d.messageId,
      raw,
      locations,
      threadIndex: c.headers.find(([k]) => k === 'Thread-Index')?.[1] ?? null,
    };
    this.onSent?.(sent);
    return sent;
  }

  async attachmentsFor(content: Content, author: Person, sentMs: number): Promise<Attachment[]> {
    if (!content.attachment) return [];
    const type = content.attachment;
    const meta = staffMeta(this.rng, content, type, author, sentMs);
    return [await renderAttachment(this.rng, type, fileName(content, type, this.rng), content, meta)];
  }
}

const EXTERNAL_KINDS: Partial<Record<ContentKind, string[]>> = {
  invoice: ['supplier', 'restaurant', 'travel', 'publisher'],
  receipt: ['restaurant', 'travel'],
  loan: ['bank'],
  booking: ['restaurant', 'travel'],
  newsletter: ['press'],
  interview: ['press', 'us-press'],
};

const KIND_WEIGHTS: [ContentKind, number][] = [
  ['chat', 22],
  ['note', 10],
  ['agenda', 8],
  ['invoice', 10],
  ['receipt', 6],
  ['booking', 6],
  ['loan', 2],
  ['recommendation', 3],
  ['press-release', 5],
  ['newsletter', 6],
  ['budget', 4],
  ['slides', 3],
  ['photo', 3],
  ['interview', 4],
];

function counterpart(ctx: MailContext, kind: ContentKind, owner: Person): Person {
  const { rng, org } = ctx;
  const ext = EXTERNAL_KINDS[kind];
  if (ext) {
    const labels = new Set(ext);
    const pool = org.contacts.filter((c) => labels.has(kindOf(c)));
    return rng.pick(pool);
  }
  if (kind === 'chat' && rng.chance(0.2))
    return rng.pick(org.contacts.filter((c) => c.domain === 'mailbox.test'));
  for (;;) {
    const p = rng.pick(org.staff);
    if (p !== owner) return p;
  }
}

function kindOf(p: Person): string {
  const labels: Record<string, string> = {
    'banque-lumiere.example': 'bank',
    'lequotidien.example': 'press',
    'mailbox.test': 'webmail',
    'brasserie-du-port.example': 'restaurant',
    'editions-grandet.example': 'publisher',
    'imprimerie-dubois.example': 'supplier',
    'voyages-azur.example': 'travel',
    'dailyledger.test': 'us-press',
  };
  return labels[p.domain] ?? 'staff';
}

/**
 * One conversation: an opening message with its attachment, then replies alternating between the
 * leaked mailbox's owner and the counterpart, sometimes with a colleague in copy, sometimes forwarded.
 */
export async function writeThread(ctx: MailContext, budget: number): Promise<void> {
  const { rng, org } = ctx;
  const owner = rng.pick(org.mailboxes);
  const kind = rng.weighted(KIND_WEIGHTS);
  const other = counterpart(ctx, kind, owner);
  const lang = other.lang === 'en' || (other.domain === org.domain && rng.chance(0.04)) ? 'en' : 'fr';
  let at = MAIL_START + Math.floor(rng.next() * (MAIL_END - MAIL_START - 10 * 86_400_000));
  at -= at % 1000;
  const content = makeContent(rng, kind, lang, org.staff, at);
  const cc = rng.chance(0.1) ? [rng.pick(org.staff.filter((s) => s !== owner && s !== other))] : [];
  const atts = await ctx.attachmentsFor(content, other, at);
  const first = ctx.draft(
    other,
    [owner],
    cc,
    at,
    content.subject,
    bodyText(rng, other, owner, content.paragraphs, lang),
    lang,
    atts,
  );
  let prev = await ctx.send(first, { sign: true });
  const single = ['newsletter', 'invoice', 'receipt', 'booking'].includes(kind);
  const replies = single ? (rng.chance(0.25) ? 1 : 0) : rng.int(0, kind === 'chat' ? 4 : 2);
  for (let i = 0; i < replies && ctx.copies < budget; i++) {
    const from = i % 2 === 0 ? owner : other;
    const to = from === owner ? other : owner;
    at = prev.draft.sentMs + Math.floor(rng.exp(3 * 3_600_000) / 1000) * 1000 + 60_000;
    const text = bodyText(rng, from, to, replyText(rng, lang), lang) + quote(from, prev.draft, lang);
    const d = ctx.draft(
      from,
      [to],
      prev.draft.cc,
      at,
      replySubject(content.subject, lang),
      text,
      lang,
      [],
      prev,
    );
    prev = await ctx.send(d, { sign: true });
  }
  if (atts.length && ctx.copies < budget && rng.chance(0.12)) {
    const colleague = rng.pick(org.mailboxes.filter((m) => m !== owner).concat(org.staff.slice(-3)));
    at = prev.draft.sentMs + rng.int(600, 86_400) * 1000;
    const text = `${rng.pick(['Pour info.', 'FYI', 'Voir ci-dessous.'])}\n\n${quote(owner, first, lang)}`;
    await ctx.send(
      ctx.draft(owner, [colleague], [], at, replySubject(content.subject, lang, true), text, lang, atts),
      { sign: true },
    );
  }
}
