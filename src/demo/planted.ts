import { CLIENTS } from './clients.js';
import { makeContent } from './content.js';
import type { Attachment } from './email-writer.js';
import { MAIL_END, MAIL_START, type MailContext, type Sent } from './mail-corpus.js';
import { isoLocal, mailbox } from './mime-util.js';
import type { ClientKind, Person } from './org.js';
import { outsideDocuments } from './outside-docs.js';
import { addFromHeader, alterBody, alterSubject, appendPastLimit, benignReencode } from './tamper.js';
import { bodyText } from './thread.js';
import { FORGERY_KINDS, type ForgeryKind, type PlantedDocument, type PlantedEmail } from './truth.js';

export { OUTSIDE_EDITOR } from './outside-docs.js';

/** How many of each planted item a size gets. */
export const PLANTED = {
  small: {
    fabricated: 4,
    'body-altered': 4,
    'header-altered': 3,
    'extra-from': 3,
    'content-past-l': 3,
    'received-out-of-order': 3,
    'message-id-mismatch': 3,
    benign: 8,
    near: 3,
    outsideDocs: 5,
    outsideCarriers: 3,
  },
  full: {
    fabricated: 30,
    'body-altered': 12,
    'header-altered': 8,
    'extra-from': 6,
    'content-past-l': 6,
    'received-out-of-order': 6,
    'message-id-mismatch': 8,
    benign: 40,
    near: 20,
    outsideDocs: 9,
    outsideCarriers: 5,
  },
} as const;

const EXPECTED: Record<ForgeryKind, { verdict: string; flags: string[] }> = {
  fabricated: { verdict: 'unsigned', flags: [] },
  'body-altered': { verdict: 'body-altered', flags: [] },
  'header-altered': { verdict: 'signature-invalid', flags: [] },
  'extra-from': { verdict: 'verified', flags: ['duplicate-header'] },
  'content-past-l': { verdict: 'verified', flags: ['content-past-l'] },
  'received-out-of-order': { verdict: 'unsigned', flags: ['received-out-of-order'] },
  'message-id-mismatch': { verdict: 'unsigned', flags: ['message-id-mismatch'] },
};

const BAD_SENTENCE = {
  fr: "Merci de faire le virement sur le compte FR76 3000 4000 0500 0012 3456 789 (Chypre) dès aujourd'hui, sans en parler au trésorier.",
  en: 'Please wire the balance to account CY17 0020 0128 0000 0012 0052 7600 today and keep this between us.',
};

function record(s: Sent, kind: PlantedEmail['kind'], detail?: string): PlantedEmail {
  const e = kind === 'benign-reencoding' ? { verdict: 'verified', flags: [] } : EXPECTED[kind];
  return {
    messageId: s.messageId,
    kind,
    ...(detail ? { detail } : {}),
    from: s.draft.from.address,
    subject: s.draft.subject,
    date: isoLocal(s.draft.sentMs, 0),
    locations: s.locations,
    expectedVerdict: e.verdict,
    expectedFlags: e.flags,
  };
}

function when(ctx: MailContext): number {
  const t = MAIL_START + Math.floor(ctx.rng.next() * (MAIL_END - MAIL_START - 5 * 86_400_000));
  return t - (t % 1000);
}

/** One planted forgery of `kind`, a standalone message to one leaked mailbox. */
export async function plantOne(
  ctx: MailContext,
  kind: ForgeryKind,
  atts: Attachment[] = [],
  at = when(ctx),
): Promise<PlantedEmail> {
  const { rng, org } = ctx;
  const owner = rng.pick(org.mailboxes);
  const external = kind === 'received-out-of-order' || kind === 'message-id-mismatch';
  const from = external
    ? rng.pick(
        org.contacts.filter(
          (c) =>
            c.domain.startsWith('brasserie') ||
            c.domain.startsWith('imprimerie') ||
            c.domain.startsWith('editions'),
        ),
      )
    : rng.pick(org.staff.filter((s) => s !== owner && s.client !== 'thunderbird'));
  const c = makeContent(rng, rng.pick(['note', 'invoice', 'chat', 'budget'] as const), 'fr', org.staff, at);
  const d = ctx.draft(
    from,
    [owner],
    [],
    at,
    c.subject,
    bodyText(rng, from, owner, c.paragraphs, 'fr'),
    'fr',
    atts,
  );
  if (kind === 'content-past-l') {
    d.html = false;
    d.attachments = [];
  }
  if (kind === 'message-id-mismatch') {
    const others = (['outlook', 'gmail', 'apple', 'thunderbird'] as ClientKind[]).filter(
      (k) => k !== from.client,
    );
    d.messageId = CLIENTS[rng.pick(others)].messageId(
      rng,
      from.domain === 'mailbox.test' ? 'avancer.example' : from.domain,
    );
  }
  const edits: Partial<Record<ForgeryKind, (raw: string) => string>> = {
    'body-altered': (raw) => alterBody(raw, BAD_SENTENCE.fr),
    'header-altered': (raw) => alterSubject(raw, `${d.subject} – URGENT : virement`),
    'extra-from': (raw) => addFromHeader(raw, mailbox(rng.pick(org.staff).name, `direction@${org.domain}`)),
    'content-past-l': (raw) => appendPastLimit(raw, `PS : ${BAD_SENTENCE.fr}`),
  };
  const s = await ctx.send(
    d,
    {
      sign: kind !== 'fabricated',
      limitBody: kind === 'content-past-l',
      outOfOrder: kind === 'received-out-of-order',
    },
    edits[kind],
    [owner],
  );
  return record(s, kind);
}

/** A signed message re-encoded harmlessly after delivery. */
async function plantBenign(ctx: MailContext): Promise<PlantedEmail> {
  const { rng, org } = ctx;
  const owner = rng.pick(org.mailboxes);
  const from = rng.pick(org.staff.filter((s) => s !== owner));
  const at = when(ctx);
  const c = makeContent(rng, 'note', 'fr', org.staff, at);
  let detail = '';
  const d = ctx.draft(from, [owner], [], at, c.subject, bodyText(rng, from, owner, c.paragraphs, 'fr'), 'fr');
  const s = await ctx.send(
    d,
    { sign: true },
    (raw) => {
      const r = benignReencode(rng, raw);
      detail = r.kind;
      return r.raw;
    },
    [owner],
  );
  return record(s, 'benign-reencoding', detail);
}

/** A message re-sent days later to another mailbox with a PS: a near duplicate. */
async function plantNear(ctx: MailContext): Promise<string[]> {
  const { rng, org } = ctx;
  const [a, b] = rng.shuffle(org.mailboxes);
  const from = rng.pick(org.staff.filter((s) => !s.hasMailbox));
  const at = when(ctx);
  const c = makeContent(rng, 'note', 'fr', org.staff, at);
  const paras = [...c.paragraphs, ...makeContent(rng, 'agenda', 'fr', org.staff, at).paragraphs];
  const first = await ctx.send(
    ctx.draft(from, [a as Person], [], at, c.subject, bodyText(rng, from, a as Person, paras, 'fr'), 'fr'),
    { sign: true },
  );
  const text = `${bodyText(rng, from, a as Person, paras, 'fr')}\n\nPS : je te renvoie ce message, dis-moi si tu l'avais reçu.`;
  const second = await ctx.send(
    ctx.draft(from, [b as Person], [], at + rng.int(1, 3) * 86_400_000, c.subject, text, 'fr'),
    { sign: true },
  );
  return [first.messageId, second.messageId];
}

/** Writes every planted item; returns the truth records. */
export async function plantAll(
  ctx: MailContext,
  size: keyof typeof PLANTED,
): Promise<{ emails: PlantedEmail[]; docs: PlantedDocument[]; near: string[][] }> {
  const p = PLANTED[size];
  const outside = await outsideDocuments(ctx, p.outsideDocs, p.outsideCarriers);
  const emails = [...outside.emails];
  for (const k of FORGERY_KINDS) {
    const n = k === 'fabricated' ? p.fabricated - p.outsideCarriers : p[k];
    for (let i = 0; i < n; i++) emails.push(await plantOne(ctx, k));
  }
  for (let i = 0; i < p.benign; i++) emails.push(await plantBenign(ctx));
  const near: string[][] = [];
  for (let i = 0; i < p.near; i++) near.push(await plantNear(ctx));
  return { emails, docs: outside.docs, near };
}
