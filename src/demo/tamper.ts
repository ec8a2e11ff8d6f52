import { quotedPrintable } from './mime-util.js';
import type { Rng } from './prng.js';

/**
 * Edits made to delivered messages after the fact: the planted forgeries (which authenticity
 * checks must catch) and benign re-encodings (which they must not count as tampering).
 */

function headerEnd(raw: string): number {
  const i = raw.indexOf('\r\n\r\n');
  return i < 0 ? raw.indexOf('\n\n') : i;
}

/** Inserts a sentence at the start of the first text/plain part: the signed body hash no longer matches. */
export function alterBody(raw: string, sentence: string): string {
  const h = headerEnd(raw);
  const head = raw.slice(0, h);
  let at: number;
  if (/^Content-Type: text\/plain/im.test(head) && !/^Content-Type: multipart/im.test(head)) {
    at = h + 4;
  } else {
    const part = raw.indexOf('Content-Type: text/plain', h);
    at = raw.indexOf('\r\n\r\n', part) + 4;
  }
  return `${raw.slice(0, at)}${quotedPrintable(sentence)}\r\n\r\n${raw.slice(at)}`;
}

/** Replaces the value of the (signed) Subject header, folded continuation lines included. */
export function alterSubject(raw: string, subject: string): string {
  const h = headerEnd(raw);
  return raw.slice(0, h).replace(/^Subject: .*(?:\r\n[ \t].*)*/m, `Subject: ${subject}`) + raw.slice(h);
}

/** A second From header above everything: outside the signature, it is what many clients show. */
export function addFromHeader(raw: string, from: string): string {
  return `From: ${from}\r\n${raw}`;
}

/** Appends text after the signed l= bytes of a single-part text message (RFC 6376 §8.2). */
export function appendPastLimit(raw: string, text: string): string {
  const body = raw.endsWith('\r\n') ? raw : `${raw}\r\n`;
  return `${body}\r\n${quotedPrintable(text)}\r\n`;
}

export type BenignKind = 'lf-line-ends' | 'trailing-whitespace' | 'refolded-subject' | 'header-case';

/**
 * Changes that relaxed/relaxed canonicalisation (RFC 6376 §3.4.2, §3.4.4) absorbs: the
 * signature must still verify. This is what mail stores and exports do to messages in the wild.
 */
export function benignReencode(rng: Rng, raw: string): { raw: string; kind: BenignKind } {
  const kind = rng.pick<BenignKind>([
    'lf-line-ends',
    'trailing-whitespace',
    'refolded-subject',
    'header-case',
  ]);
  const h = headerEnd(raw);
  switch (kind) {
    case 'lf-line-ends':
      return { raw: raw.replace(/\r\n/g, '\n'), kind };
    case 'trailing-whitespace':
      return { raw: raw.slice(0, h + 4) + raw.slice(h + 4).replace(/\r\n/g, ' \r\n'), kind };
    case 'refolded-subject':
      return {
        raw:
          raw
            .slice(0, h)
            .replace(/^Subject: (.*)$/m, (_, v: string) => `Subject:\r\n\t${v.replace(/ /g, '  ')}`) +
          raw.slice(h),
        kind,
      };
    default:
      return {
        raw:
          raw
            .slice(0, h)
            .replace(/^Subject:/m, 'SUBJECT:')
            .replace(/^Date:/m, 'DATE:') + raw.slice(h),
        kind,
      };
  }
}
