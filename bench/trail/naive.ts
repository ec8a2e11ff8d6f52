/**
 * The naive peer: a per-post scan. For each post, each of its 12-word windows is searched in the
 * normalised text of every dump item (String.includes), as a script written without an index
 * would. Runs on a sample of SAMPLE original posts (every planted quoting post of the sample is
 * checked against truth.json), and prints one JSON line with the time per post and that time
 * extrapolated to every original post of the case.
 * Usage: npx tsx bench/trail/naive.ts DIR [SAMPLE]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SocialDb } from '../../src/social/db.js';
import { readDumpItems } from '../../src/trail/dump.js';
import { MIN_QUOTE_WORDS, words } from '../../src/trail/shingles.js';

const dir = process.argv[2] ?? 'bench/out/trail/case';
const SAMPLE = Number(process.argv[3] ?? 200);
const truth = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as { quotes: [string, string][] };
const rows = await readDumpItems(dir);
const items = rows.map((r) => ({
  id: r.id,
  text: ` ${words(`${r.subject ?? ''}\n${r.email_text || r.doc_text || ''}`).join(' ')} `,
}));
const db = await SocialDb.open(dir, { create: false });
const quoting = new Set(truth.quotes.map((q) => q[0]));
// Half the sample plain posts, half planted quoting posts (originals only, as leaklens splits).
const plain = await db.all<{ id: string; text: string }>(
  `SELECT id, text FROM posts WHERE repost_of IS NULL AND length(text) >= 23 LIMIT ${Math.ceil(SAMPLE / 2)}`,
);
const ids = [...quoting].slice(0, SAMPLE * 4);
const planted = (
  await db.all<{ id: string; text: string }>(
    `SELECT id, text FROM posts WHERE repost_of IS NULL AND id IN (SELECT unnest(string_split($1, ',')))`,
    [ids.join(',')],
  )
).slice(0, Math.floor(SAMPLE / 2));
const [orig] = await db.all<{ n: number }>(
  'SELECT count(*) AS n FROM posts WHERE repost_of IS NULL AND length(text) >= 23',
);
db.close();
const sample = [...new Map([...plain, ...planted].map((p) => [p.id, p])).values()];
const found: [string, string][] = [];
const t0 = performance.now();
for (const p of sample) {
  const ws = words(p.text);
  for (const it of items) {
    for (let s = 0; s + MIN_QUOTE_WORDS <= ws.length; s++) {
      if (it.text.includes(` ${ws.slice(s, s + MIN_QUOTE_WORDS).join(' ')} `)) {
        found.push([p.id, it.id]);
        break;
      }
    }
  }
}
const seconds = (performance.now() - t0) / 1000;
const inSample = new Set(sample.map((p) => p.id));
const want = truth.quotes
  .filter((q) => inSample.has(q[0]))
  .map((q) => q.join(' '))
  .sort();
// The footer is in every item: the naive scan "finds" a quote of all of them (no boilerplate rule).
const got = found.map((f) => f.join(' '));
const perPost = seconds / sample.length;
process.stdout.write(
  `${JSON.stringify({
    sample: sample.length,
    seconds,
    perPostMs: perPost * 1000,
    originals: orig?.n ?? 0,
    extrapolatedSeconds: perPost * (orig?.n ?? 0),
    plantedInSample: want.length,
    plantedFound: want.filter((w) => got.includes(w)).length,
    pairsFound: found.length,
  })}\n`,
);
