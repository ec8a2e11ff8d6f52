/**
 * Writes a generated export for the bulk-path benchmark.
 * Usage: npx tsx bench/bulk/generate.ts bluesky|coortweet OUT ROWS [--defects]
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { blueskyJsonl } from './bluesky-generator.js';
import { coortweetCsv } from './coortweet-generator.js';

const [format, out, rows = '1000000'] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
if ((format !== 'bluesky' && format !== 'coortweet') || !out) {
  console.error('usage: generate.ts bluesky|coortweet OUT ROWS [--defects]');
  process.exit(2);
}
const fd = openSync(out, 'w');
const chunks =
  format === 'bluesky'
    ? blueskyJsonl({ rows: Number(rows), defects: process.argv.includes('--defects') })
    : coortweetCsv({ rows: Number(rows) });
for (const chunk of chunks) writeSync(fd, chunk);
closeSync(fd);
