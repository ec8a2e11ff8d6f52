import { CLIENTS } from './clients.js';
import { closing, greeting, signature } from './content.js';
import { rfc5322Date, zoneOffset } from './mime-util.js';
import { ORG_NAME, type Person } from './org.js';
import type { Rng } from './prng.js';

/** Reply bodies: short, conversational, in the thread's language. */
const REPLIES = {
  fr: [
    "Merci, c'est noté.",
    'Bien reçu, je regarde ça ce soir.',
    'OK pour moi.',
    'Je valide, on peut envoyer.',
    'Peux-tu me renvoyer la dernière version ?',
    "Je ne suis pas d'accord sur le deuxième point, on en parle demain ?",
    'Parfait, merci beaucoup.',
    "Je transmets à l'équipe.",
    'Attention, la date a changé.',
    'Très bien, je confirme.',
  ],
  en: [
    'Thanks, noted.',
    'Got it, will look tonight.',
    'Works for me.',
    'Could you send the latest version?',
    'Perfect, thank you.',
  ],
} as const;

const MONTHS_FR = [
  'janv.',
  'févr.',
  'mars',
  'avr.',
  'mai',
  'juin',
  'juil.',
  'août',
  'sept.',
  'oct.',
  'nov.',
  'déc.',
];

/** The body of a message: greeting, paragraphs, closing and signature. */
export function bodyText(
  rng: Rng,
  from: Person,
  to: Person,
  paragraphs: string[],
  lang: 'fr' | 'en',
): string {
  const formal = from.domain !== to.domain;
  const sig = signature(from, from.domain === to.domain || from.role === ORG_NAME ? ORG_NAME : '');
  return `${greeting(rng, lang, to, formal)}\n\n${paragraphs.join('\n\n')}\n\n${closing(rng, lang, formal)}\n${sig}`;
}

/** The quoted parent under a reply, in the replying client's style (Outlook top-posts unquoted). */
export function quote(
  from: Person,
  parent: { from: Person; sentMs: number; text: string; subject: string; to: Person[] },
  lang: 'fr' | 'en',
): string {
  const client = CLIENTS[from.client];
  const off = zoneOffset(from.zone, parent.sentMs);
  const local = new Date(parent.sentMs + off * 60_000);
  const hm = `${String(local.getUTCHours()).padStart(2, '0')}:${String(local.getUTCMinutes()).padStart(2, '0')}`;
  const who = `${parent.from.name} <${parent.from.address}>`;
  if (client.kind === 'outlook') {
    const date = rfc5322Date(parent.sentMs, off).slice(0, -6);
    const head = client.attribution(lang, date, who);
    const toLine =
      lang === 'fr'
        ? `À : ${parent.to.map((p) => p.name).join('; ')}\nObjet : ${parent.subject}`
        : `To: ${parent.to.map((p) => p.name).join('; ')}\nSubject: ${parent.subject}`;
    return `\n\n${'_'.repeat(32)}\n${head}\n${toLine}\n\n${parent.text}`;
  }
  const date =
    lang === 'fr'
      ? `${local.getUTCDate()} ${MONTHS_FR[local.getUTCMonth()]} ${local.getUTCFullYear()} à ${hm}`
      : `${local.toISOString().slice(0, 10)} ${hm}`;
  const q = parent.text
    .split('\n')
    .map((l) => (l ? `> ${l}` : '>'))
    .join('\n');
  return `\n\n${client.attribution(lang, date, who)}\n\n${q}`;
}

export function replyText(rng: Rng, lang: 'fr' | 'en'): string[] {
  return rng.shuffle(REPLIES[lang]).slice(0, rng.int(1, 2));
}

export function replySubject(subject: string, lang: 'fr' | 'en', forward = false): string {
  if (forward) return `${lang === 'fr' ? 'TR' : 'Fwd'}: ${subject}`;
  return /^(re|tr|fwd?)\s*:/i.test(subject) ? subject : `${lang === 'fr' ? 'RE' : 'Re'}: ${subject}`;
}
