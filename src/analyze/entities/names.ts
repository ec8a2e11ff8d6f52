import type { Entity } from './types.js';

/**
 * Person names from signatures: the line after a closing formula ("Cordialement,", "Best regards")
 * or after the RFC 3676 §4.3 signature separator "-- ". Names in free text are not guessed: without
 * a trained NER model that would add more noise than people.
 */
const CLOSING =
  /^[ \t>]*(?:--[ \t]?|cordialement|bien cordialement|très cordialement|bien (?:à|a) (?:vous|toi)|amicalement|bien amicalement|amiti[ée]s|bises|bisous|sinc[èe]res salutations|salutations|merci(?: beaucoup)?|best(?: regards| wishes)?|kind regards|warm regards|regards|sincerely|yours(?: truly| sincerely)?|cheers|thanks|thank you)[ \t]*[,.!]*[ \t]*$/gimu;

const NAME_WORD = String.raw`(?:\p{Lu}[\p{Ll}'’]+(?:-\p{Lu}[\p{Ll}'’]+)?|\p{Lu}{2,}(?:-\p{Lu}{2,})?|\p{Lu}\.)`;
const NAME_LINE = new RegExp(
  `^[ \\t>]*(${NAME_WORD}(?:[ \\t]+(?:de |du |d'|van |von |le |la )?${NAME_WORD}){1,3})[ \\t]*$`,
  'u',
);

/** True when a string is shaped like a person name (2–4 capitalised words, no digits). */
export function looksLikeName(s: string): boolean {
  const m = NAME_LINE.exec(s.trim());
  if (!m) return false;
  // At least one word must be longer than an initial, and not everything a stop word.
  return m[1]!.split(/\s+/).some((w) => w.replace(/[.'’-]/g, '').length > 2) && !STOP.test(m[1]!);
}

const STOP =
  /^(?:Le|La|Les|The|Dear|Cher|Chère|Bonjour|Hello|Hi|Monsieur|Madame|Objet|Subject|Envoyé|Sent|From|De|To|À)\b/u;

/**
 * @example findSignatureNames('Merci.\n\nCordialement,\nJean DUPONT\nDirecteur') // [{ value: 'Jean DUPONT' }]
 */
export function findSignatureNames(text: string): Entity[] {
  const out: Entity[] = [];
  CLOSING.lastIndex = 0;
  for (let m = CLOSING.exec(text); m; m = CLOSING.exec(text)) {
    let pos = m.index + m[0].length;
    for (let tries = 0; tries < 3 && pos < text.length; tries++) {
      const nl = text.indexOf('\n', pos + 1);
      const lineStart = text[pos] === '\n' ? pos + 1 : pos;
      const line = text.slice(lineStart, nl < 0 ? text.length : nl).replace(/\r$/, '');
      pos = nl < 0 ? text.length : nl;
      if (!line.trim() || /^[ \t>]*$/.test(line)) continue;
      if (looksLikeName(line)) {
        const value = line.trim().replace(/^>+\s*/, '');
        const start = lineStart + line.indexOf(value);
        if (!out.some((e) => e.start === start))
          out.push({
            type: 'person',
            value,
            normalized: displayName(value),
            start,
            end: start + value.length,
          });
      }
      break;
    }
  }
  return out;
}

/**
 * Display form of a name: "DUPONT Jean" → "Jean Dupont" is NOT attempted (order is ambiguous);
 * only case is fixed word by word ("JEAN DUPONT" → "Jean Dupont") and spaces collapsed.
 */
export function displayName(name: string): string {
  return name
    .replace(/^["'\s]+|["'\s]+$/g, '')
    .replace(/\s+/g, ' ')
    .split(' ')
    .map((w) =>
      w === w.toUpperCase() && w.length > 1 && !w.endsWith('.')
        ? w.toLowerCase().replace(/(^|[-'’])\p{L}/gu, (c) => c.toUpperCase())
        : w,
    )
    .join(' ');
}
