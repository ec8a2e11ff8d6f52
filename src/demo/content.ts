import { type ContentKind, FILLER, KIND_LINES, OUTLETS, PLACES, SUBJECTS, TOPICS } from './content-pools.js';
import type { Person } from './org.js';
import type { Rng } from './prng.js';

export type { ContentKind } from './content-pools.js';
export type AttachmentType = 'docx' | 'xlsx' | 'pptx' | 'pdf' | 'jpg';

export interface Content {
  kind: ContentKind;
  lang: 'fr' | 'en';
  subject: string;
  /** Body paragraphs without greeting or signature. */
  paragraphs: string[];
  attachment: AttachmentType | null;
  /** A title for the attachment (document title, sheet caption). */
  docTitle: string;
  /** Lines of the attachment's text. */
  docLines: string[];
}

/** Which attachment a kind usually carries, and how often. */
const ATTACH: Record<ContentKind, [AttachmentType | null, number][]> = {
  invoice: [
    ['pdf', 6],
    ['xlsx', 2],
    [null, 2],
  ],
  receipt: [
    ['pdf', 4],
    ['jpg', 2],
    [null, 3],
  ],
  loan: [
    ['pdf', 5],
    ['docx', 3],
    [null, 1],
  ],
  recommendation: [
    ['docx', 3],
    ['pdf', 2],
    [null, 3],
  ],
  note: [
    ['docx', 5],
    [null, 4],
  ],
  agenda: [
    ['docx', 4],
    [null, 5],
  ],
  booking: [
    ['pdf', 4],
    [null, 5],
  ],
  'press-release': [
    ['docx', 5],
    ['pdf', 2],
    [null, 1],
  ],
  newsletter: [[null, 1]],
  budget: [['xlsx', 1]],
  slides: [['pptx', 1]],
  photo: [['jpg', 1]],
  chat: [[null, 1]],
  interview: [[null, 1]],
};

const MONTHS_FR = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
];
const MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** Fills `{slot}` placeholders with values drawn for this message. */
export function fill(
  rng: Rng,
  template: string,
  lang: 'fr' | 'en',
  people: readonly Person[],
  atMs: number,
): string {
  return template.replace(/\{(\w+)\}/g, (_, slot: string) => {
    switch (slot) {
      case 'ref':
        return `${rng.pick(['F', 'R', 'D', 'BC'])}${new Date(atMs).getUTCFullYear()}-${rng.int(100, 9999)}`;
      case 'amount':
        return rng
          .int(80, 48000)
          .toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-US')
          .replace(/\u202f/g, ' ');
      case 'n':
        return String(rng.int(2, 40));
      case 'rate':
        return `${rng.int(1, 3)},${rng.int(10, 95)}`;
      case 'person':
        return rng.pick(people).name;
      case 'place':
        return rng.pick(PLACES);
      case 'topic':
        return rng.pick(TOPICS[lang]);
      case 'outlet':
        return rng.pick(OUTLETS);
      case 'time':
        return `${rng.int(8, 20)}h${rng.pick(['00', '15', '30', '45'])}`;
      case 'day': {
        const d = new Date(atMs + rng.int(1, 20) * 86_400_000);
        const m = d.getUTCMonth();
        return lang === 'fr' ? `${d.getUTCDate()} ${MONTHS_FR[m]}` : `${MONTHS_EN[m]} ${d.getUTCDate()}`;
      }
      default:
        return slot;
    }
  });
}

/**
 * Draws the content of one message of a kind: subject, a kind sentence or two mixed with filler,
 * and the attachment it carries.
 * @example makeContent(rng, 'invoice', 'fr', staff, Date.UTC(2017, 2, 1)).subject // 'Facture F2017-412'
 */
export function makeContent(
  rng: Rng,
  kind: ContentKind,
  lang: 'fr' | 'en',
  people: readonly Person[],
  atMs: number,
): Content {
  const f = (t: string) => fill(rng, t, lang, people, atMs);
  const subject = f(rng.pick(SUBJECTS[kind][lang]));
  const kindLines = rng
    .shuffle(KIND_LINES[kind][lang])
    .slice(0, rng.int(1, Math.min(3, KIND_LINES[kind][lang].length)));
  const fillers = rng.shuffle(FILLER[lang]).slice(0, rng.int(2, 5));
  const paragraphs = [kindLines.map(f).join(' ')];
  // Two paragraphs of filler, each a few sentences, so bodies of one kind do not look templated.
  const cut = rng.int(1, fillers.length - 1);
  paragraphs.push(fillers.slice(0, cut).map(f).join(' '));
  if (cut < fillers.length) paragraphs.push(fillers.slice(cut).map(f).join(' '));
  const attachment = rng.weighted(ATTACH[kind]);
  const docLines = [...rng.shuffle(KIND_LINES[kind][lang]), ...rng.shuffle(FILLER[lang]).slice(0, 4)].map(f);
  return { kind, lang, subject, paragraphs, attachment, docTitle: subject, docLines };
}

export function greeting(rng: Rng, lang: 'fr' | 'en', to: Person, formal: boolean): string {
  const first = to.name.split(' ')[0] ?? to.name;
  if (lang === 'en') return formal ? `Dear ${to.name},` : `Hi ${first},`;
  return formal
    ? rng.pick(['Bonjour,', 'Madame, Monsieur,', `Bonjour ${to.name},`])
    : rng.pick([`Salut ${first},`, `Bonjour ${first},`, `${first},`]);
}

export function closing(rng: Rng, lang: 'fr' | 'en', formal: boolean): string {
  if (lang === 'en') return formal ? 'Best regards,' : rng.pick(['Thanks,', 'Best,', 'Cheers,']);
  return formal
    ? rng.pick(['Cordialement,', 'Bien cordialement,', 'Bien à vous,'])
    : rng.pick(['Merci,', 'Bises,', 'À plus,', 'Merci !', 'Bonne journée,']);
}

/** A signature block as people set them up in their client. */
export function signature(p: Person, orgLabel: string): string {
  return `-- \n${p.name}\n${p.role}${orgLabel ? ` – ${orgLabel}` : ''}\n${p.address}`;
}
