import { DOC_TYPES, type DocType, RULES } from './rules.js';

/**
 * Explainable document-type classifier: weighted FR/EN rules (rules.ts) plus structural features
 * (e-mail and phone counts for contact lists). Every decision carries the reasons that scored.
 */
export interface DocTypeInput {
  kind: 'email' | 'document';
  /** `fold(text)` when the caller has it already (the triage stage shares it with sensitivity). */
  folded?: string;
  subject?: string | null;
  filename?: string | null;
  text: string;
  /** Number of distinct e-mail addresses and phone numbers found in the text. */
  emails?: number;
  phones?: number;
}

export interface DocTypeResult {
  type: DocType;
  /** Winning score; 0 for other. */
  score: number;
  reasons: string[];
  /** Runner-up and its score, to show close calls. */
  runnerUp?: { type: DocType; score: number };
}

/** Below this score an item is `other`. */
export const MIN_SCORE = 3;
/** Only the beginning of a text decides: the type of a document shows early. */
const HEAD_CHARS = 1500;
const TITLE_BONUS = 1.5;

const ACCENTS: Record<string, string> = {
  à: 'a',
  â: 'a',
  ä: 'a',
  á: 'a',
  ã: 'a',
  å: 'a',
  ç: 'c',
  é: 'e',
  è: 'e',
  ê: 'e',
  ë: 'e',
  î: 'i',
  ï: 'i',
  í: 'i',
  ì: 'i',
  ô: 'o',
  ö: 'o',
  ó: 'o',
  ò: 'o',
  õ: 'o',
  ù: 'u',
  û: 'u',
  ü: 'u',
  ú: 'u',
  ÿ: 'y',
  ñ: 'n',
  œ: 'oe',
  æ: 'ae',
  '’': "'",
  '`': "'",
};

/**
 * Accent-folded lower case, as the rules expect. A lookup table for the Latin letters of French,
 * English, Spanish and German (10x faster than Unicode NFD on long texts); other letters are kept.
 */
export function fold(s: string): string {
  return s.toLowerCase().replace(/[àâäáãåçéèêëîïíìôöóòõùûüúÿñœæ’`]/g, (c) => ACCENTS[c] ?? c);
}

function structural(input: DocTypeInput, scores: Map<DocType, { score: number; reasons: string[] }>): void {
  const contacts = (input.emails ?? 0) + (input.phones ?? 0);
  if (contacts >= 6) {
    const s = scores.get('contact-list')!;
    s.score += contacts >= 12 ? 3 : 2;
    s.reasons.push(`${input.emails ?? 0} e-mail addresses and ${input.phones ?? 0} phone numbers`);
  }
  if (/\.(xlsx?|csv|ods|vcf)$/i.test(input.filename ?? '') && contacts >= 3) {
    const s = scores.get('contact-list')!;
    s.score += 1.5;
    s.reasons.push('spreadsheet/vCard with contact details');
  }
}

/**
 * Classifies one e-mail or document.
 * @example classifyDocType({ kind: 'document', filename: 'Facture-2017-04.pdf', text: 'Total TTC 1 200,00 €' })
 * // { type: 'invoice', score: 6.5, reasons: ['title says invoice', 'total due / TTC'] }
 */
export function classifyDocType(input: DocTypeInput): DocTypeResult {
  const title = fold(`${input.subject ?? ''} ${(input.filename ?? '').replace(/[_.-]+/g, ' ')}`);
  const body = (input.folded ?? fold(input.text.slice(0, HEAD_CHARS))).slice(0, HEAD_CHARS);
  const all = `${title}\n${body}`;
  const scores = new Map<DocType, { score: number; reasons: string[] }>();
  for (const t of DOC_TYPES) {
    const s = { score: 0, reasons: [] as string[] };
    for (const rule of RULES[t]) {
      if (rule.title) {
        if (rule.re.test(title)) {
          s.score += rule.weight * TITLE_BONUS;
          s.reasons.push(rule.reason);
        }
      } else if (rule.re.test(all)) {
        s.score += rule.weight;
        s.reasons.push(rule.reason);
      }
    }
    scores.set(t, s);
  }
  structural(input, scores);
  // A personal message is an e-mail; a long document is not one.
  if (input.kind !== 'email') scores.get('personal-message')!.score = 0;
  const ranked = [...scores.entries()].sort((a, b) => b[1].score - a[1].score);
  const [best, second] = ranked;
  const runnerUp =
    second && second[1].score > 0 ? { type: second[0], score: round(second[1].score) } : undefined;
  if (!best || best[1].score < MIN_SCORE)
    return {
      type: 'other',
      score: 0,
      reasons: best && best[1].score > 0 ? [`best guess ${best[0]} scored only ${round(best[1].score)}`] : [],
      runnerUp: best && best[1].score > 0 ? { type: best[0], score: round(best[1].score) } : undefined,
    };
  return { type: best[0], score: round(best[1].score), reasons: best[1].reasons, runnerUp };
}

const round = (n: number) => Math.round(n * 100) / 100;
