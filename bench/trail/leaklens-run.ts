/**
 * Runs leaklens' trail on a generated case and prints one JSON line: seconds, peak RSS, what was
 * found and whether it matches the planted truth (truth.json).
 * Usage: npx tsx bench/trail/leaklens-run.ts DIR
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { computeTrail, trailOfItem } from '../../src/trail/trail.js';

const dir = process.argv[2] ?? 'bench/out/trail/case';
const truth = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as {
  quotes: [string, string][];
  filePosts: number;
};
const t0 = performance.now();
const t = await computeTrail(dir);
const seconds = (performance.now() - t0) / 1000;
const quoted = t.items.reduce((a, i) => a + i.evidence.filter((e) => e.kind === 'quote').length, 0);
const expectedItems = new Set(truth.quotes.map((q) => q[1]));
const foundItems = new Set(
  t.items.filter((i) => i.evidence.some((e) => e.via === 'quote')).map((i) => i.itemId),
);
const missing = [...expectedItems].filter((k) => !foundItems.has(k)).length;
const extra = [...foundItems].filter((k) => !expectedItems.has(k)).length;
// Exact pairs for one item, through the item page's function (it recomputes: timed apart).
const probe = truth.quotes[0];
const t1 = performance.now();
const links = probe ? await trailOfItem(dir, probe[1]) : [];
const itemSeconds = (performance.now() - t1) / 1000;
const want = truth.quotes
  .filter((q) => q[1] === probe?.[1])
  .map((q) => q[0])
  .sort();
const got = links
  .filter((l) => l.evidence.some((e) => e.via === 'quote'))
  .map((l) => l.postId)
  .sort();
process.stdout.write(
  `${JSON.stringify({
    seconds,
    maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    stats: t.stats,
    items: t.items.length,
    quoteEvidence: quoted,
    quotedItems: { expected: expectedItems.size, found: foundItems.size, missing, extra },
    probe: {
      item: probe?.[1],
      expected: want.length,
      found: got.length,
      same: JSON.stringify(want) === JSON.stringify(got),
      itemSeconds,
    },
  })}\n`,
);
