import { oneLine, terminalText } from '../util/terminal-safe.js';

/** Helpers shared by commands: JSON or human output, and a uniform way to write tables. */

export interface OutputOptions {
  json?: boolean;
}

/**
 * Writes human output to stdout with every control character but newline and tab shown escaped
 * (util/terminal-safe.ts): leaked subjects, names and bodies cannot drive the terminal.
 */
export function writeText(s: string): void {
  process.stdout.write(terminalText(s));
}

export { oneLine };

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Formats rows as an aligned text table. */
export function table(headers: string[], rows: (string | number | null | undefined)[][]): string {
  // One cell, one line: a newline inside a leaked name would otherwise forge a row.
  const cells = [
    headers,
    ...rows.map((r) => r.map((c) => (c === null || c === undefined ? '' : oneLine(String(c))))),
  ];
  const widths = headers.map((_, i) => Math.min(60, Math.max(...cells.map((r) => (r[i] ?? '').length))));
  const fmt = (r: string[]) =>
    r
      .map((c, i) => {
        const w = widths[i] ?? 10;
        const s = c.length > w ? `${c.slice(0, w - 1)}…` : c;
        return s.padEnd(w);
      })
      .join('  ')
      .trimEnd();
  return [fmt(cells[0] ?? []), widths.map((w) => '─'.repeat(w)).join('  '), ...cells.slice(1).map(fmt)].join(
    '\n',
  );
}

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
