/**
 * Writes a generated export for the bulk-path benchmark.
 * Usage: npx tsx bench/bulk/generate.ts bluesky|coortweet|x-v2|mastodon OUT ROWS [--defects]
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { blueskyJsonl } from './bluesky-generator.js';
import { coortweetCsv } from './coortweet-generator.js';
import { mastodonJsonl } from './mastodon-generator.js';
import { xV2Jsonl } from './x-v2-generator.js';

const [format, out, rows = '1000000'] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const FORMATS = ['bluesky', 'coortweet', 'x-v2', 'mastodon'];
if (!format || !FORMATS.includes(format) || !out) {
  console.error(`usage: generate.ts ${FORMATS.join('|')} OUT ROWS [--defects]`);
  process.exit(2);
}
const fd = openSync(out, 'w');
const defects = process.argv.includes('--defects');
const chunks =
  format === 'bluesky'
    ? blueskyJsonl({ rows: Number(rows), defects })
    : format === 'x-v2'
      ? xV2Jsonl({ rows: Number(rows), defects })
      : format === 'mastodon'
        ? mastodonJsonl({ rows: Number(rows), defects })
        : coortweetCsv({ rows: Number(rows) });
for (const chunk of chunks) writeSync(fd, chunk);
closeSync(fd);
