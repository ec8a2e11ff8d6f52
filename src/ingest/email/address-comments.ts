/**
 * RFC 5322 §3.2.2: a comment `( … )` (nested, with `\` escapes) may stand wherever folding white
 * space may, inside an addr-spec too: `pete(his account)@silly.test(his host)` is the address
 * pete@silly.test (RFC 5322 Appendix A.5). Address parsers that do not know this keep the comment
 * in the address or cut the display name at an escaped parenthesis.
 *
 * One comment is kept: the old `joe@example.org (Joe Bloggs)` form, where the comment after a
 * bare address is the only name the mailbox has (parsers read it as the display name).
 */
export function stripAddressComments(raw: string): string {
  if (!raw.includes('(')) return raw;
  let out = '';
  let i = 0;
  let inQuote = false;
  let inAngle = false;
  let segmentStart = 0; // index in `out` where the current mailbox begins
  while (i < raw.length) {
    const c = raw[i]!;
    if (inQuote) {
      out += c;
      if (c === '\\' && i + 1 < raw.length) out += raw[++i]!;
      else if (c === '"') inQuote = false;
      i++;
      continue;
    }
    if (c === '(') {
      const end = commentEnd(raw, i);
      const segment = out.slice(segmentStart);
      const keep =
        !inAngle &&
        /\s$/.test(out) &&
        !segment.includes('<') &&
        /^\s*[^\s"<>()]+@[^\s"<>()]+\s*$/.test(segment) &&
        /^\s*(?:[,;]|$)/.test(raw.slice(end));
      if (keep) out += raw.slice(i, end);
      else {
        const before = out.at(-1) ?? ' ';
        const after = raw[end] ?? ' ';
        if (/[^\s@.<>:;,]/.test(before) && /[^\s@.<>:;,]/.test(after)) out += ' ';
      }
      i = end;
      continue;
    }
    if (c === '"') inQuote = true;
    else if (c === '<') inAngle = true;
    else if (c === '>') inAngle = false;
    else if (!inAngle && (c === ',' || c === ':' || c === ';')) segmentStart = out.length + 1;
    out += c;
    i++;
  }
  return out;
}

/** Index just past the comment opening at `start` (nested parentheses, quoted pairs). */
function commentEnd(s: string, start: number): number {
  let depth = 0;
  for (let i = start; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') i++;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i + 1;
  }
  return s.length; // unterminated: the rest is comment
}
