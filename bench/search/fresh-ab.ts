// bench/search/fresh-ab.ts: the SQLite search with facets asked as if first (hit sets and filter
// sets forgotten before each query) of this build against an earlier build's src/ (--baseline DIR,
// as run.ts takes it), alternating query by query on the same case, every answer compared whole
// (as JSON, time left out). Prints p50/p95 of both, by query shape.
// Usage: node --import tsx bench/search/fresh-ab.ts --case DIR --baseline DIR [--queries 300]
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { forgetHitSets, search } from '../../src/search/search.js';
import { Store } from '../../src/store/store.js';
import { benchmarkQueries } from './queries.mjs';

const args = process.argv.slice(2);
const arg = (n: string, d: string) => (args.includes(n) ? args[args.indexOf(n) + 1]! : d);
const B = resolve(arg('--baseline', ''));
const CASE = resolve(arg('--case', ''));
const base = await import(join(B, 'src/search/search.ts'));
const BStore = (await import(join(B, 'src/store/store.ts'))).Store;
const mine = Store.open(CASE, { readonly: true });
const theirs = BStore.open(CASE, { readonly: true });
const N = Number(arg('--queries', '300'));
const qs = benchmarkQueries().queries.slice(0, N);
const eng = {
  new: (q: string) => {
    forgetHitSets(mine.db);
    return search(mine, q, { limit: 20, facets: true });
  },
  old: (q: string) => {
    base.forgetHitSets(theirs.db);
    return base.search(theirs, q, { limit: 20, facets: true });
  },
};
for (const q of qs.slice(0, 20)) {
  eng.new(q);
  eng.old(q);
}
const t: Record<'new' | 'old', number[][]> = { new: [[], [], [], [], []], old: [[], [], [], [], []] };
for (const [i, q] of qs.entries()) {
  const res: Record<string, string> = {};
  for (const e of (i % 2 ? ['old', 'new'] : ['new', 'old']) as ('new' | 'old')[]) {
    const t0 = performance.now();
    const r = eng[e](q);
    t[e][i % 5]!.push(performance.now() - t0);
    res[e] = JSON.stringify({ ...r, tookMs: 0 });
  }
  if (res.new !== res.old) throw new Error(`answers differ: "${q}"`);
}
const pct = (a: number[], p: number) =>
  [...a].sort((x, y) => x - y)[Math.floor((a.length * p) / 100)]!.toFixed(1);
console.log(`${N} queries, every answer equal, load ${loadavg().map((x) => x.toFixed(1))}`);
for (const e of ['new', 'old'] as const)
  console.log(
    `${e}: p50 ${pct(t[e].flat(), 50)} p95 ${pct(t[e].flat(), 95)}; by shape p50/p95 ${t[e]
      .map((s, k) => `${qs[k]} ${pct(s, 50)}/${pct(s, 95)}`)
      .join('; ')}`,
  );
mine.close();
theirs.close();
