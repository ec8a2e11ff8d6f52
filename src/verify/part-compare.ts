/**
 * Do the text/plain and text/html parts of a multipart/alternative message say the same thing?
 * RFC 2046 §5.1.4: alternatives are "the same information" in different formats, so a sentence
 * present in one and absent from the other means one part was edited on its own. Mail clients show
 * the HTML part, so a sentence inserted into the plain part alone is invisible to most readers (and
 * the reverse hides text from a plain-text reader).
 */

/** Sentences shorter than this (in words) are not judged: greetings, sign-offs, "Merci !". */
export const MIN_SENTENCE_WORDS = 5;
/** Parts must share at least this many sentences: below it they are not versions of one text. */
export const MIN_SHARED_SENTENCES = 2;
/**
 * At least this share of the smaller part's sentences must be found in the other: a marketing
 * mail whose text part says only "view this message in a browser" is not a disagreement.
 */
export const MIN_SHARED_SHARE = 0.5;
/**
 * An edit adds text to one part (nothing unique in the other) or rewords a sentence or two (a
 * few unique on each side). Unique sentences on both sides beyond this are two templates of one
 * newsletter (header and footer written differently), as in mailauth's real message3.eml.
 */
export const MAX_REWORDED_SENTENCES = 2;

export interface PartComparison {
  /** Sentences (as written) of the plain part that the HTML part does not contain. */
  onlyInText: string[];
  /** Sentences (as written) of the HTML part that the plain part does not contain. */
  onlyInHtml: string[];
  /** Judged sentences found in both (0, not counted, when the parts hold the same words). */
  shared: number;
  /** True when the parts are versions of one text that disagree (the flag's rule). */
  disagree: boolean;
}

/** Links are written differently in each part (`<https://…>` vs an anchor): never compared. */
const URLS = /<?(?:https?:\/\/|mailto:|www\.)[^\s>]+>?/gi;

/**
 * Letters and digits only, lower case, single spaces: line wrapping, punctuation, quotes and
 * emphasis markers differ between the two renderings of one text and mean nothing.
 * @example normalise('Merci,\n  à  *demain* !') // 'merci à demain'
 */
export function normalise(s: string): string {
  const n = s.normalize('NFKC');
  // Scanning for links costs more than the rest: only where one can be.
  const noLinks = /:\/\/|mailto:|www\./i.test(n) ? n.replace(URLS, ' ') : n;
  return noLinks
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Lines quoting an earlier message (`> …`) or giving the headers of a forwarded or answered one
 * (`From: …`, Outlook's `De : …`, `Gesendet: …`) belong to that message, and clients render them
 * differently in each part (SpamAssassin's real t/data/nice/mime9 forwards one that way).
 */
const QUOTED = /^\s*(?:>|(?:from|to|cc|date|sent|subject|de|à|a|envoyé|objet|von|an|gesendet|betreff)\s*:)/iu;

/** Sentences worth judging, as written: split at line ends and sentence ends. */
export function sentences(text: string): string[] {
  return text
    .split(/\r?\n/)
    .filter((l) => !QUOTED.test(l))
    .flatMap((l) => l.split(/(?<=[.!?…])\s+/u))
    .map((s) => s.trim())
    .filter((s) => normalise(s).split(' ').length >= MIN_SENTENCE_WORDS);
}

/**
 * @example
 * comparePlainAndHtml('Wire it to Cyprus today please.\nSee you at the meeting on Monday.\nThe budget is attached to this mail.',
 *   'See you at the meeting on Monday.\nThe budget is attached to this mail.').onlyInText
 * // ['Wire it to Cyprus today please.']
 */
export function comparePlainAndHtml(text: string, htmlText: string): PartComparison {
  const tNorm = ` ${normalise(text)} `;
  const hNorm = ` ${normalise(htmlText)} `;
  // The common case, and the cheap one: the same words in both parts.
  if (tNorm === hNorm) return { onlyInText: [], onlyInHtml: [], shared: 0, disagree: false };
  const t = sentences(text);
  const h = sentences(htmlText);
  const onlyInText = t.filter((s) => !hNorm.includes(` ${normalise(s)} `));
  const onlyInHtml = h.filter((s) => !tNorm.includes(` ${normalise(s)} `));
  const shared = t.length - onlyInText.length;
  const smaller = Math.min(t.length, h.length);
  const oneSided = onlyInText.length === 0 || onlyInHtml.length === 0;
  const reworded = Math.max(onlyInText.length, onlyInHtml.length) <= MAX_REWORDED_SENTENCES;
  const disagree =
    (onlyInText.length > 0 || onlyInHtml.length > 0) &&
    (oneSided || reworded) &&
    shared >= MIN_SHARED_SENTENCES &&
    h.length - onlyInHtml.length >= MIN_SHARED_SENTENCES &&
    smaller > 0 &&
    shared / smaller >= MIN_SHARED_SHARE;
  return { onlyInText, onlyInHtml, shared, disagree };
}
