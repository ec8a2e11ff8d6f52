/**
 * Verifies every message of the benchmark corpus with leaklens' verifyMessage, on one core.
 * Prints one line per message (file, pass|fail) to OUT and messages/s to stdout as JSON.
 * Usage: npx tsx bench/verify/leaklens-verify.ts DIR OUT
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { memoryKeys } from '../../src/verify/key-archive.js';
import { parseKeyFile } from '../../src/verify/key-parse.js';
import { verifyMessage } from '../../src/verify/message.js';

const dir = process.argv[2] ?? 'bench/data/verify';
const out = process.argv[3] ?? join(dir, 'leaklens.txt');
const keys = memoryKeys(parseKeyFile(readFileSync(join(dir, 'keys.zone'), 'utf8'), 'keys.zone').keys);
const files = readdirSync(join(dir, 'msgs')).sort();
const t0 = process.hrtime.bigint();
const lines: string[] = [];
const verdicts: Record<string, number> = {};
for (const f of files) {
  const v = await verifyMessage(readFileSync(join(dir, 'msgs', f)), { keys });
  verdicts[v.verdict] = (verdicts[v.verdict] ?? 0) + 1;
  lines.push(`${f} ${v.verdict === 'verified' || v.verdict === 'verified-third-party' ? 'pass' : 'fail'}`);
}
const secs = Number(process.hrtime.bigint() - t0) / 1e9;
writeFileSync(out, `${lines.join('\n')}\n`);
console.log(
  JSON.stringify({
    tool: 'leaklens',
    messages: files.length,
    seconds: +secs.toFixed(2),
    perSecond: Math.round(files.length / secs),
    verdicts,
  }),
);
