/**
 * A small master-file reader (RFC 1035 §5.1) for TXT records: comments, `$ORIGIN`, relative
 * names, `@`, an omitted owner (repeat the previous one), parentheses across lines, and the
 * answer section of `dig` output (whose other lines are `;` comments).
 */
import type { ParsedKeyFile } from './key-parse.js';
import type { KeyCandidate } from './types.js';

/** Splits `20161025._domainkey.gmail.com.` into domain and selector (lower case), or null. */
export function splitKeyName(name: string): { domain: string; selector: string } | null {
  const n = name.trim().replace(/\.$/, '').toLowerCase();
  const at = n.indexOf('._domainkey.');
  if (at <= 0) return null;
  return { selector: n.slice(0, at), domain: n.slice(at + '._domainkey.'.length) };
}

const CLASSES = new Set(['IN', 'CH', 'HS', 'CS']);

export function parseZone(text: string, source: string): ParsedKeyFile {
  const keys: KeyCandidate[] = [];
  const skipped: string[] = [];
  let origin = '';
  let owner = '';
  for (const { tokens, indented, line } of logicalLines(text)) {
    const first = tokens[0];
    if (!first) continue;
    if (first.text.toUpperCase() === '$ORIGIN') {
      origin = absolute(tokens[1]?.text ?? '', origin);
      continue;
    }
    if (first.text.startsWith('$')) continue; // $TTL, $INCLUDE (not followed: no file access)
    let i = 0;
    if (!indented) owner = absolute(tokens[i++]?.text ?? '', origin);
    while (i < tokens.length) {
      const t = tokens[i]?.text.toUpperCase() ?? '';
      if (/^\d+[SMHDW]?$/.test(t) || CLASSES.has(t)) i++;
      else break;
    }
    if (tokens[i]?.text.toUpperCase() !== 'TXT') continue;
    const named = splitKeyName(owner);
    if (!named) continue;
    const record = tokens
      .slice(i + 1)
      .map((t) => t.text)
      .join(tokens.slice(i + 1).every((t) => t.quoted) ? '' : ' ');
    if (!record) skipped.push(`line ${line}: TXT without data`);
    else keys.push({ ...named, record, kind: 'zone', source });
  }
  return { format: 'zone', keys, skipped };
}

function absolute(name: string, origin: string): string {
  if (name === '@') return origin;
  if (name.endsWith('.')) return name.slice(0, -1);
  return origin ? `${name}.${origin}` : name;
}

interface Token {
  text: string;
  quoted: boolean;
}

/** Tokenises the file, joining lines inside parentheses; `;` outside quotes starts a comment. */
function* logicalLines(text: string): Generator<{ tokens: Token[]; indented: boolean; line: number }> {
  let tokens: Token[] = [];
  let depth = 0;
  let indented = false;
  let start = 1;
  const lines = text.split(/\r?\n/);
  for (const [n, raw] of lines.entries()) {
    if (depth === 0) {
      tokens = [];
      indented = /^[ \t]/.test(raw);
      start = n + 1;
    }
    depth = tokenize(raw, tokens, depth);
    if (depth === 0 && tokens.length) yield { tokens, indented, line: start };
  }
  if (depth > 0 && tokens.length) yield { tokens, indented, line: start };
}

function tokenize(line: string, out: Token[], depth: number): number {
  let i = 0;
  let d = depth;
  while (i < line.length) {
    const c = line[i];
    if (c === ';') break;
    if (c === ' ' || c === '\t') i++;
    else if (c === '(' || c === ')') {
      d += c === '(' ? 1 : -1;
      i++;
    } else if (c === '"') {
      let s = '';
      i++;
      while (i < line.length && line[i] !== '"') {
        if (line[i] === '\\' && i + 1 < line.length) i++;
        s += line[i++];
      }
      i++;
      out.push({ text: s, quoted: true });
    } else {
      let s = '';
      while (i < line.length && !' \t;()"'.includes(line[i] ?? ' ')) s += line[i++];
      out.push({ text: s, quoted: false });
    }
  }
  return Math.max(d, 0);
}
