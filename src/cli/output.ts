import { oneLine, terminalText } from '../util/terminal-safe.js';

/** Helpers shared by commands: JSON or human output, and a uniform way to write tables. */
export { formatBytes, formatCount, formatTime, table } from '../core/format.js';

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
