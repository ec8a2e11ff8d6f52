/**
 * Which signed header changed, when the body hash holds and the header signature does not. The
 * signature is a proof about the signed header data (RFC 6376 §3.7): undoing a candidate change
 * and finding that the signature then verifies with the archived key shows what was changed, the
 * way body-diagnosis.ts undoes re-encodings. Two kinds of change are tried, each cheap:
 * - a signed field that was added after signing (removing it restores the signature);
 * - words added at the start or the end of the Subject (a gateway's "[EXTERNAL]" prefix, or a
 *   forger's "– URGENT : virement").
 */
import { canonHeader } from './canon.js';
import { verifyHeaderData } from './dkim.js';
import { type DkimSignature, signedHeaderData } from './dkim-signature.js';
import type { ParsedKey } from './key-record.js';
import type { HeaderField } from './message-parse.js';
import type { HeaderDiagnosis } from './types.js';

/** Words of the Subject tried at each end: enough for any tag or phrase, bounded for long subjects. */
const MAX_WORDS_TRIED = 30;

/** The first candidate change whose undoing makes the signature verify, or null. */
export function diagnoseHeaders(
  sig: DkimSignature,
  headers: HeaderField[],
  key: ParsedKey,
): HeaderDiagnosis | null {
  const verifies = (hs: HeaderField[]) =>
    verifyHeaderData(sig, Buffer.from(signedHeaderData(sig, hs, canonHeader), 'latin1'), key);
  for (const name of new Set(sig.signedHeaders)) {
    const i = bottomMost(headers, name);
    if (i < 0) continue;
    const field = headers[i] as HeaderField;
    if (verifies(headers.filter((_, j) => j !== i)))
      return {
        header: field.name,
        change: 'field-added',
        signedValue: null,
        thisValue: display(field.value),
      };
    if (name !== 'subject') continue;
    for (const value of trimmedValues(field.value)) {
      for (const written of encodings(value)) {
        const restored = { ...field, value: written, raw: `${field.name}:${written}` };
        if (verifies(headers.map((h, j) => (j === i ? restored : h))))
          return {
            header: field.name,
            change: 'text-added',
            signedValue: display(value),
            thisValue: display(field.value),
          };
      }
    }
  }
  return null;
}

/** RFC 6376 §5.4.2: the bottom-most instance of a field is the one a single h= entry signs. */
function bottomMost(headers: HeaderField[], lower: string): number {
  for (let i = headers.length - 1; i >= 0; i--) if (headers[i]?.lower === lower) return i;
  return -1;
}

/** The value without its last k words, then without its first k words, shortest change first. */
function trimmedValues(value: string): string[] {
  const cuts = [...value.trimEnd().matchAll(/\s+/g)].map((m) => ({ at: m.index ?? 0, len: m[0].length }));
  const inner = cuts.filter((c) => c.at > 0 && value.slice(0, c.at).trim() !== '');
  const out: string[] = [];
  for (let k = 1; k <= Math.min(inner.length, MAX_WORDS_TRIED); k++) {
    const end = inner[inner.length - k];
    const start = inner[k - 1];
    if (end) out.push(value.slice(0, end.at));
    if (start) out.push(` ${value.slice(start.at + start.len)}`);
  }
  return out;
}

/**
 * The candidate as it may have been written when signed: as it is, or, when it holds non-ASCII
 * text, as RFC 2047 encoded words packed to the 75-character limit of §2 (B: 45 UTF-8 octets per
 * word; Q: as many characters as fit), which is what most encoders write.
 */
function encodings(value: string): string[] {
  const text = display(value);
  if (/^[\x00-\x7f]*$/.test(text)) return [value];
  const b = packed(text, (w) => `=?UTF-8?B?${Buffer.from(w).toString('base64')}?=`);
  const q = packed(text, (w) => `=?UTF-8?Q?${qEncode(w)}?=`);
  return [value, ` ${b}`, ` ${q}`];
}

/** Encoded words of at most 75 characters, never splitting a character (RFC 2047 §2, §5). */
function packed(text: string, encode: (chunk: string) => string): string {
  const words: string[] = [];
  let chunk = '';
  for (const ch of text) {
    if (chunk && encode(chunk + ch).length > 75) {
      words.push(encode(chunk));
      chunk = '';
    }
    chunk += ch;
  }
  if (chunk) words.push(encode(chunk));
  return words.join(' ');
}

/** RFC 2047 §4.2: "_" for space, =XX for octets outside the safe set. */
function qEncode(s: string): string {
  return [...Buffer.from(s)]
    .map((b) =>
      b === 0x20
        ? '_'
        : /[A-Za-z0-9!*+\-/]/.test(String.fromCharCode(b))
          ? String.fromCharCode(b)
          : `=${b.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
}

/** Header octets are latin1 code units here; most mail writes UTF-8 (RFC 6532). */
function display(value: string): string {
  return Buffer.from(value.replace(/\r\n(?=[ \t])/g, ''), 'latin1')
    .toString('utf8')
    .trim();
}
