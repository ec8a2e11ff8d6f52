/**
 * Leaked data is hostile content, and a terminal obeys what it prints: ESC starts a control
 * sequence (CSI: recolour, erase lines, move the cursor; OSC: retitle the window, write the
 * clipboard, make links), BEL rings, CR rewrites the line, and a newline in a file name forges an
 * output line. Every text printer passes through these helpers so such bytes are *shown*, escaped
 * (`\x1b`, `\x07`, `\r`), never obeyed. JSON output is exact and does not use them.
 */

/**
 * C0 controls, DEL, C1 controls (U+0080–U+009F: 0x9B is a one-byte CSI on some terminals) and the
 * Unicode bidirectional overrides and isolates that reorder what is shown (CVE-2021-42574).
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeOne(c: string): string {
  const named = NAMED[c];
  if (named) return named;
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`;
}

/**
 * A value shown on one line (a name, a subject, a file name, a table cell): every control
 * character escaped, newlines and tabs included.
 * @example oneLine('a\x1b]0;pwned\x07\nb') // 'a\\x1b]0;pwned\\x07\\nb'
 */
export function oneLine(s: string): string {
  return s.replace(CONTROL, escapeOne);
}

/**
 * A block of text for the terminal (a body, a whole report): newlines and tabs kept, every other
 * control character escaped. Applied by the printers to all their output, as the last step.
 * @example terminalText('line 1\nred: \x1b[31m') // 'line 1\nred: \\x1b[31m'
 */
export function terminalText(s: string): string {
  return s.replace(CONTROL_BUT_LINES, escapeOne);
}
