/**
 * Writes a generated FiveThirtyEight IRA CSV (ira-generator.ts).
 * Usage: npx tsx bench/csv/generate.ts OUT.csv [ROWS=2463944] [--defects]
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { iraCsv } from './ira-generator.js';

const [out = 'bench/data/ira-2463944.csv', rows = '2463944'] = process.argv
  .slice(2)
  .filter((a) => !a.startsWith('--'));
const fd = openSync(out, 'w');
for (const chunk of iraCsv({ rows: Number(rows), defects: process.argv.includes('--defects') }))
  writeSync(fd, chunk);
closeSync(fd);
