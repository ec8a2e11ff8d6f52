/** Helpers shared by commands: JSON or human output, and a uniform way to write tables. */
export { formatBytes, formatCount, formatTime, table } from '../core/format.js';

export interface OutputOptions {
  json?: boolean;
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
