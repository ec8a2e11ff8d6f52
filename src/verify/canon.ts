/**
 * DKIM canonicalisation (RFC 6376 §3.4). Strings are latin1 (one char per octet), so lengths and
 * l= counts are octets.
 */
import type { HeaderField } from './message-parse.js';

export type Canon = 'simple' | 'relaxed';

/** §3.4.1 simple: the field exactly as it is, plus CRLF. §3.4.2 relaxed: see below. */
export function canonHeader(f: HeaderField, mode: Canon): string {
  if (mode === 'simple') return `${f.raw}\r\n`;
  return relaxedHeader(f.name, f.value);
}

/**
 * §3.4.2: lower-case the name, unfold, turn WSP runs into one SP, drop WSP at the end of the
 * value and around the colon.
 */
export function relaxedHeader(name: string, value: string): string {
  const v = value
    .replace(/\r\n/g, '')
    .replace(/[ \t]+/g, ' ')
    .trim();
  return `${name.trim().toLowerCase()}:${v}\r\n`;
}

/**
 * §3.4.3 simple: drop trailing empty lines; an empty body becomes one CRLF.
 * §3.4.4 relaxed: drop WSP at line ends, turn WSP runs into one SP, drop trailing empty lines;
 * an empty body stays empty (errata 1384).
 */
export function canonBody(body: string, mode: Canon): string {
  let b = body;
  // Most bodies need no whitespace change: test with indexOf (fast) before rewriting.
  if (
    mode === 'relaxed' &&
    (b.includes('\t') || b.includes('  ') || b.includes(' \r\n') || b.endsWith(' '))
  ) {
    b = b.replace(/(?: ?\t| {2})[ \t]*/g, ' ').replace(/ (?=\r\n|$)/g, '');
  }
  let end = b.length;
  while (end >= 2 && b.charCodeAt(end - 1) === 10 && b.charCodeAt(end - 2) === 13) end -= 2;
  if (mode === 'relaxed' && end === 0) return '';
  return `${b.slice(0, end)}\r\n`;
}
