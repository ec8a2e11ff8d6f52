/**
 * `text-html-mismatch`: the plain and HTML alternatives of one message say different things
 * (see part-compare.ts). Run by the verify stage after the verdicts are written, so a mismatch in
 * a message whose signature no longer holds is ranked higher.
 */
import { PLAIN_AND_HTML } from '../case/sql/verify.js';
import type { SqlDb } from '../case/sql-db.js';
import { comparePlainAndHtml } from './part-compare.js';
import type { ForensicFlag } from './types.js';

/** Characters of a sentence quoted in the flag's message. */
const QUOTE_CHARS = 160;

const count = (n: number) => (n === 1 ? 'a sentence' : `${n} sentences`);
/** A sentence ends once: no period after a quoted sentence that has its own. */
const end = (s: string) => (/[.!?…]"$/u.test(s) ? s : `${s}.`);
const quote = (s: string) => `"${s.length > QUOTE_CHARS ? `${s.slice(0, QUOTE_CHARS - 1)}…` : s}"`;

interface Row {
  id: string;
  text: string;
  html_text: string;
  verdict: string | null;
}

export async function partFlags(db: SqlDb): Promise<{ itemId: string; flag: ForensicFlag }[]> {
  const rows = await db.all<Row>(PLAIN_AND_HTML);
  return rows.flatMap((r) => {
    const flag = mismatchFlag(r.text, r.html_text, r.verdict);
    return flag ? [{ itemId: r.id, flag }] : [];
  });
}

/**
 * @example mismatchFlag(textWithInsertedSentence, htmlText, 'body-altered')?.kind // 'text-html-mismatch'
 */
export function mismatchFlag(text: string, htmlText: string, verdict: string | null): ForensicFlag | null {
  const c = comparePlainAndHtml(text, htmlText);
  if (!c.disagree) return null;
  // A broken signature says the change came after sending; a verifying one that the sender's own
  // client or template wrote both parts so (worth knowing, not a sign of tampering).
  const corroborated = verdict === 'body-altered' || verdict === 'signature-invalid';
  const signedSo = verdict === 'verified' || verdict === 'verified-third-party';
  const parts: string[] = [];
  if (c.onlyInText.length)
    parts.push(
      `the plain-text part has ${count(c.onlyInText.length)} the HTML part lacks: ${quote(c.onlyInText[0] ?? '')}`,
    );
  if (c.onlyInHtml.length)
    parts.push(
      `the HTML part has ${count(c.onlyInHtml.length)} the plain-text part lacks: ${quote(c.onlyInHtml[0] ?? '')}`,
    );
  const shown = signedSo
    ? ' The signature covers both parts as they are: the sender wrote them so.'
    : c.onlyInText.length
      ? ' Mail clients show the HTML part, so most readers never see it.'
      : '';
  return {
    kind: 'text-html-mismatch',
    severity: corroborated ? 'high' : signedSo ? 'info' : 'medium',
    message: `The two versions of this message disagree: ${end(parts.join('; '))}${shown}`,
    evidence: {
      onlyInText: c.onlyInText,
      onlyInHtml: c.onlyInHtml,
      sharedSentences: c.shared,
      shownByDefault: 'html',
      verdict,
    },
  };
}
