import { oneLine } from '../util/terminal-safe.js';
/** Plain-text formatting shared by every presenter (CLI, report, campaign printer). */

/** The widest a table column grows before its text wraps onto further lines. */
export const MAX_COLUMN_WIDTH = 60;

type Cell = string | number | null | undefined;

/**
 * Cuts text into lines of at most `width` characters at spaces, so a reason is never cut mid-word;
 * only a word longer than the whole column (a path, a hash) is broken, and then without loss.
 * @example wrapText('signed by a key revoked before the message', 20)
 */
export function wrapText(text: string, width: number): string[] {
  if (text.length <= width) return [text];
  const lines: string[] = [];
  let line = '';
  for (let word of text.split(/ +/)) {
    while (word.length > width) {
      if (line) lines.push(line);
      lines.push(word.slice(0, width));
      word = word.slice(width);
      line = '';
    }
    if (!line) line = word;
    else if (line.length + 1 + word.length <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  return lines.length ? lines : [''];
}

/**
 * Formats rows as an aligned text table. A cell wider than its column wraps onto further lines of
 * the same row (at spaces), so nothing the user needs to read is cut off.
 * @example table(['id', 'reason'], [['em-1', 'signed by a revoked key']])
 */
export function table(headers: string[], rows: Cell[][], maxWidth = MAX_COLUMN_WIDTH): string {
  // One cell, one logical line: a newline inside a leaked name would otherwise forge a row, so
  // controls are shown escaped (util/terminal-safe.ts) and long cells wrap at spaces instead.
  const cells = [headers, ...rows.map((r) => headers.map((_, i) => oneLine(str(r[i]))))];
  const widths = headers.map((_, i) =>
    Math.min(maxWidth, Math.max(...cells.map((r) => longestLine(r[i] ?? '')))),
  );
  const fmt = (r: string[]): string[] => {
    const wrapped = r.map((c, i) => c.split('\n').flatMap((l) => wrapText(l, widths[i] ?? maxWidth)));
    const height = Math.max(1, ...wrapped.map((w) => w.length));
    const out: string[] = [];
    for (let k = 0; k < height; k++)
      out.push(
        wrapped
          .map((w, i) => (w[k] ?? '').padEnd(widths[i] ?? 0))
          .join('  ')
          .trimEnd(),
      );
    return out;
  };
  return [
    ...fmt(cells[0] ?? []),
    widths.map((w) => '─'.repeat(w)).join('  '),
    ...cells.slice(1).flatMap(fmt),
  ].join('\n');
}

const str = (c: Cell) => (c === null || c === undefined ? '' : String(c));
const longestLine = (s: string) => Math.max(0, ...s.split('\n').map((l) => l.length));

export function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/**
 * A time for people to read: `2017-05-05 18:49 UTC` (seconds kept when they are not zero). JSON
 * output keeps ISO 8601; this is for text only. Input: ISO 8601 text or epoch milliseconds.
 * @example formatTime('2017-05-05T18:49:00.000Z') // '2017-05-05 18:49 UTC'
 */
export function formatTime(t: string | number | null | undefined): string {
  if (t === null || t === undefined || t === '') return '';
  const d = new Date(t);
  if (Number.isNaN(d.getTime())) return String(t);
  const iso = d.toISOString();
  const sec = iso.slice(17, 19);
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}${sec === '00' ? '' : `:${sec}`} UTC`;
}
