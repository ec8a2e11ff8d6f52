import type { NameType } from '../analyze/names/recognize.js';
import { MAIL_END, MAIL_START, type MailContext } from './mail-corpus.js';
import type { Person } from './org.js';

/**
 * Names planted in e-mail bodies, with their truth, for `leaklens eval` (eval-names.ts): each
 * planted message holds lines naming a colleague by title and surname (who must be linked to that
 * colleague's identity), a person from outside the organisation, an organisation and a place.
 * Lines are short so no transfer encoding wraps them, and eval scores only the names inside them.
 */
export interface PlantedNameLine {
  text: string;
  mentions: {
    type: NameType;
    text: string /** Address of the identity this name is. */;
    identity?: string;
  }[];
}

export interface PlantedNames {
  messageId: string;
  from: string;
  lines: PlantedNameLine[];
}

/** Planted messages per demo size. */
export const NAMES_PLANTED = { small: 8, full: 24 } as const;

const OUTSIDERS = [
  'Lucien Ferrand',
  'Odile Vautrin',
  'Gaspard Lemercier',
  'Harriet Quinn',
  'Solène Marchetti',
  'Edmond Tessier',
  'Victor Delaunay',
  'Margot Lévêque',
];
const ORGS = [
  'Fondation Verlaine',
  'Crédit Maritime',
  'Institut Montaigne',
  'Banque Populaire du Sud',
  'Association des maires de France',
  'Conseil régional de Bretagne',
];
const PLACES = ['Lyon', 'Bordeaux', 'Strasbourg', 'Bruxelles', 'Genève', 'Marseille', 'Rennes', 'Lille'];

const surnameOf = (p: Person) => p.name.split(' ').slice(1).join(' ');
const firstOf = (p: Person) => p.name.split(' ')[0] ?? p.name;

/** Staff whose surname no other person of the organisation carries: "M. Clément" is then one person. */
function uniqueSurnames(people: Person[]): Person[] {
  const n = new Map<string, number>();
  for (const p of people) n.set(surnameOf(p), (n.get(surnameOf(p)) ?? 0) + 1);
  return people.filter((p) => n.get(surnameOf(p)) === 1 && surnameOf(p).length > 2);
}

/**
 * Writes the planted messages (French, to one leaked mailbox each) and returns their truth.
 * @example const names = await plantNames(ctx, 'small'); names[0]?.lines[0]?.mentions
 */
export async function plantNames(
  ctx: MailContext,
  size: keyof typeof NAMES_PLANTED,
): Promise<PlantedNames[]> {
  const { rng, org } = ctx;
  const everyone = [...org.staff, ...org.contacts];
  const named = uniqueSurnames(org.staff).filter((p) => uniqueSurnames(everyone).includes(p));
  const out: PlantedNames[] = [];
  for (let i = 0; i < NAMES_PLANTED[size]; i++) {
    const owner = rng.pick(org.mailboxes);
    const from = rng.pick(org.staff.filter((p) => p !== owner));
    // A surname nobody else carries is named alone after a title; in a larger organisation, where
    // every surname is shared, the colleague is named in full.
    const unique = named.filter((p) => p !== owner && p !== from);
    const colleague = rng.pick(unique.length ? unique : org.staff.filter((p) => p !== owner && p !== from));
    const called = unique.length ? `M. ${surnameOf(colleague)}` : colleague.name;
    const calledName = unique.length ? surnameOf(colleague) : colleague.name;
    const outsider = OUTSIDERS[i % OUTSIDERS.length]!;
    const orgName = ORGS[i % ORGS.length]!;
    const place = PLACES[i % PLACES.length]!;
    const lines: PlantedNameLine[] = [
      {
        text: `J'ai vu ${outsider} hier à ${place}.`,
        mentions: [
          { type: 'PER', text: outsider },
          { type: 'LOC', text: place },
        ],
      },
      {
        text: `Il travaille pour la ${orgName} depuis trois ans.`,
        mentions: [{ type: 'ORG', text: orgName }],
      },
      {
        text: `Il voudrait revoir ${called} avant le meeting.`,
        mentions: [{ type: 'PER', text: calledName, identity: colleague.address }],
      },
    ];
    const text = `Bonjour ${firstOf(owner)},\n\n${lines.map((l) => l.text).join('\n')}\n\nPeux-tu organiser cela ?\n\n${firstOf(from)}`;
    const at = MAIL_START + Math.floor(rng.next() * (MAIL_END - MAIL_START - 86_400_000));
    const sentMs = at - (at % 1000);
    const s = await ctx.send(ctx.draft(from, [owner], [], sentMs, 'Une rencontre', text, 'fr'), {
      sign: true,
    });
    out.push({ messageId: s.messageId, from: from.address, lines });
  }
  return out;
}
