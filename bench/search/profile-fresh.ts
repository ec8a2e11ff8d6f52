// bench/search/profile-fresh.ts: a SQLite search with facets asked as if first (hit sets and filter
// sets forgotten before each query, as run.ts' 'sqlite+facets-fresh'), p50/p95 per query shape.
// Usage: node --import tsx [--cpu-prof] bench/search/profile-fresh.ts --case DIR [--queries N]
import { loadavg } from 'node:os';
import { forgetHitSets, search } from '../../src/search/search.js';
import { Store } from '../../src/store/store.js';
import { benchmarkQueries } from './queries.mjs';

const args = process.argv.slice(2);
const arg = (n: string, d: string) => (args.includes(n) ? args[args.indexOf(n) + 1]! : d);
const store = Store.open(arg('--case', ''), { readonly: true });
const { queries } = benchmarkQueries();
const N = Number(arg('--queries', '1000'));
const pct = (a: number[], p: number) => [...a].sort((x, y) => x - y)[Math.floor((a.length * p) / 100)]!;
for (const q of queries.slice(0, 20)) search(store, q, { limit: 20, facets: true });
const byShape: number[][] = [[], [], [], [], []];
const all: { q: string; ms: number; total: number }[] = [];
for (const [i, q] of queries.slice(0, N).entries()) {
  forgetHitSets(store.db);
  const t = performance.now();
  const r = search(store, q, { limit: 20, facets: true });
  const ms = performance.now() - t;
  byShape[i % 5]!.push(ms);
  all.push({ q, ms, total: r.total });
}
const ms = all.map((r) => r.ms);
console.log(
  `${N} queries, load ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`,
);
console.log(`all: p50 ${pct(ms, 50).toFixed(1)} p95 ${pct(ms, 95).toFixed(1)}`);
for (const [k, s] of byShape.entries())
  console.log(`shape ${k} (${queries[k]}): p50 ${pct(s, 50).toFixed(1)} p95 ${pct(s, 95).toFixed(1)}`);
for (const r of all.sort((a, b) => b.ms - a.ms).slice(0, 12))
  console.log(`${r.ms.toFixed(1).padStart(7)} ${String(r.total).padStart(6)}  ${r.q}`);
store.close();
const { T } = await import('../../src/search/search.js');
for (const [k, v] of Object.entries(T as Record<string, number[]>))
  console.log(
    `${k.padEnd(10)} n ${v.length} p50 ${pct(v, 50).toFixed(2)} p95 ${pct(v, 95).toFixed(2)} sum ${v.reduce((a, b) => a + b, 0).toFixed(0)}`,
  );
