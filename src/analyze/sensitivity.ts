import { fold } from './doc-type/classify.js';
import type { Entity } from './entities/types.js';

/**
 * What an editor must not publish: secrets, bank and card numbers, identity-document numbers,
 * health and other personal data (GDPR art. 9 special categories among them). Each hit names its
 * evidence (a masked excerpt), never the secret itself in full.
 */
export type SensitiveKind =
  | 'sensitive-password'
  | 'sensitive-secret'
  | 'sensitive-bank'
  | 'sensitive-card'
  | 'sensitive-id-document'
  | 'sensitive-health'
  | 'sensitive-personal';

export interface SensitiveHit {
  kind: SensitiveKind;
  severity: 'medium' | 'high';
  message: string;
  /** Masked excerpt of what matched. */
  excerpt: string;
}

/** Shows the first 2 and last 2 characters only. */
export function mask(s: string): string {
  const t = s.trim();
  return t.length <= 6
    ? '*'.repeat(t.length)
    : `${t.slice(0, 2)}${'*'.repeat(Math.min(12, t.length - 4))}${t.slice(-2)}`;
}

const PASSWORD =
  /\b(?:mot de passe|mdp|password|passwd|pwd|passcode|code d'acces|identifiant et mot de passe|login\/password)\s*(?:est|is|:|=|->)\s*["«]?\s*(\S{4,64})/i;
const SECRETS: [RegExp, string][] = [
  [/-----BEGIN (?:RSA |EC |OPENSSH |DSA |PGP )?PRIVATE KEY( BLOCK)?-----/, 'a private key'],
  [/\bAKIA[0-9A-Z]{16}\b/, 'an AWS access key'],
  [/\b(?:sk|rk)_live_[0-9a-zA-Z]{16,}\b/, 'a Stripe live key'],
  [/\bgh[pousr]_[A-Za-z0-9]{36,}\b/, 'a GitHub token'],
  [/\bxox[abpr]-[A-Za-z0-9-]{10,}\b/, 'a Slack token'],
  [
    /\b(?:api[_ -]?key|secret[_ -]?key|access[_ -]?token|client[_ -]?secret)\s*[:=]\s*["']?([A-Za-z0-9_\-./+]{16,})/i,
    'an API secret',
  ],
];
// French NIR (numéro de sécurité sociale): sex, year, month, department, commune, order, key 97.
const NIR =
  /\b([12])[ .]?(\d{2})[ .]?(0[1-9]|1[0-2]|[2-9]\d)[ .]?(\d{2}|2[AB])[ .]?(\d{3})[ .]?(\d{3})[ .]?(\d{2})\b/;
const ID_DOC =
  /\b(?:passeport|passport|carte (?:nationale )?d'identite|cni|identity card|id card|permis de conduire|driving licen[cs]e|titre de sejour)\s*(?:n[°o]?|no\.?|number|numero|#)?\s*:?\s*([A-Z0-9]{8,12})\b/i;
const HEALTH =
  /\b(arret (de travail|maladie)|certificat medical|ordonnance|diagnosti[cq]|pathologie|hospitalis|chimiotherapie|cancer|depression|vih|hiv|medical record|dossier medical|sick leave|prescription|therapy|therapie|enceinte|grossesse|pregnan)/;
const PERSONAL =
  /\b(date de naissance|ne(e)? le \d|date of birth|born on|lieu de naissance|numero de securite sociale|social security number|ssn|orientation sexuelle|sexual orientation|religion|casier judiciaire|criminal record|adresse personnelle|home address)\b/;

/** Word-based checks (health, personal data) read this much of a text. */
export const MAX_FOLD = 100_000;

function nirValid(m: RegExpExecArray): boolean {
  const dept = m[4]!.replace('2A', '19').replace('2B', '18');
  const n = BigInt(`${m[1]}${m[2]}${m[3]}${dept}${m[5]}${m[6]}`);
  return 97n - (n % 97n) === BigInt(m[7]!);
}

/**
 * Sensitive data in a text, given the entities already extracted from it (IBANs, cards).
 * @example sensitiveHits('mot de passe : Tr0ub4dor', []) // [{ kind: 'sensitive-password', … }]
 */
export function sensitiveHits(text: string, entities: Entity[], folded?: string): SensitiveHit[] {
  const hits: SensitiveHit[] = [];
  const f = folded ?? fold(text.slice(0, MAX_FOLD));
  // Cheap substring checks first: the full patterns are costly over 20k messages.
  const pw = /pass|pwd|mdp|code d'acces/.test(f) ? PASSWORD.exec(text) : null;
  if (pw)
    hits.push({
      kind: 'sensitive-password',
      severity: 'high',
      message: 'contains a password',
      excerpt: mask(pw[1]!),
    });
  for (const [re, what] of /private key|akia|_live_|gh[pousr]_|xox|key|token|secret/.test(f) ? SECRETS : []) {
    const m = re.exec(text);
    if (m)
      hits.push({
        kind: 'sensitive-secret',
        severity: 'high',
        message: `contains ${what}`,
        excerpt: mask(m[1] ?? m[0]),
      });
  }
  const ibans = entities.filter((e) => e.type === 'iban');
  if (ibans.length)
    hits.push({
      kind: 'sensitive-bank',
      severity: 'high',
      message: `contains ${ibans.length} bank account number(s) (IBAN)`,
      excerpt: mask(ibans[0]!.normalized),
    });
  const cards = entities.filter((e) => e.type === 'card');
  if (cards.length)
    hits.push({
      kind: 'sensitive-card',
      severity: 'high',
      message: `contains ${cards.length} payment card number(s)`,
      excerpt: mask(cards[0]!.normalized),
    });
  const nir = NIR.exec(text);
  if (nir && nirValid(nir))
    hits.push({
      kind: 'sensitive-id-document',
      severity: 'high',
      message: 'contains a French social security number (NIR)',
      excerpt: mask(nir[0]),
    });
  const id = ID_DOC.exec(f);
  if (id && /\d/.test(id[1]!))
    hits.push({
      kind: 'sensitive-id-document',
      severity: 'high',
      message: 'contains an identity-document number',
      excerpt: mask(id[1]!),
    });
  const h = HEALTH.exec(f);
  if (h)
    hits.push({
      kind: 'sensitive-health',
      severity: 'medium',
      message: `mentions health data ("${h[0]}")`,
      excerpt: h[0],
    });
  const p = PERSONAL.exec(f);
  if (p)
    hits.push({
      kind: 'sensitive-personal',
      severity: 'medium',
      message: `contains personal data ("${p[0]}")`,
      excerpt: p[0],
    });
  return hits;
}
