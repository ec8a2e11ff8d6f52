// bench/campaign-team: how a team server should read the shared campaign file (docs/team.md,
// "The campaign side on a team case"). Same file, same query, alternating in one run:
//   open      a READ_ONLY DuckDB instance per request (open, connect, query, close)
//   kept      one READ_ONLY instance kept, a new connection per request (what CampaignReader does)
// and the publishing cost of a job: copying the file (reflink where the file system has one).
// The query is /api/posts's first page (count + 200 posts, oldest first).
// Usage: npx tsx bench/campaign-team/reader.ts [--input FILE] [--rounds N]
import { constants, copyFileSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SocialDb } from '../../src/social/db.js';
import { importPosts } from '../../src/social/import/index.js';
import { listPostsOn } from '../../src/social/posts.js';

const args = process.argv.slice(2);
const arg = (name: string, dflt: string) =>
  args.includes(name) ? (args[args.indexOf(name) + 1] ?? dflt) : dflt;
const input = arg(
  '--input',
  join(import.meta.dirname, '../../test/fixtures/social/russian_coord_tweets.csv'),
);
const rounds = Number(arg('--rounds', '40'));
const dir = '/tmp/campaign-team/bench-reader';
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
const s = await importPosts(dir, [input]);
const file = join(dir, 'social.duckdb');

const query = (db: SocialDb) => listPostsOn(db, { limit: 200 });
const open: number[] = [];
const kept: number[] = [];
const base = await SocialDb.open(dir, { create: false, readOnly: true });
for (let i = 0; i < rounds; i++) {
  let t = performance.now();
  const db = await SocialDb.open(dir, { create: false, readOnly: true });
  await query(db);
  db.close();
  open.push(performance.now() - t);
  t = performance.now();
  const c = await SocialDb.connectTo(base.instance, base.path);
  await query(c);
  c.close();
  kept.push(performance.now() - t);
}
base.close();
const copies: number[] = [];
for (let i = 0; i < 5; i++) {
  const t = performance.now();
  copyFileSync(file, join(dir, `copy-${i}.duckdb`), constants.COPYFILE_FICLONE);
  copies.push(performance.now() - t);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)] ?? 0;
const out = {
  date: new Date().toISOString(),
  posts: s.totalPosts,
  fileBytes: statSync(file).size,
  rounds,
  openPerRequest: { medianMs: +median(open).toFixed(2), p95Ms: +p95(open).toFixed(2) },
  keptInstance: { medianMs: +median(kept).toFixed(2), p95Ms: +p95(kept).toFixed(2) },
  ratioMedian: +(median(open) / median(kept)).toFixed(2),
  copyFileMedianMs: +median(copies).toFixed(2),
};
process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
rmSync(dir, { recursive: true, force: true });
