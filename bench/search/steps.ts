// bench/search/steps.ts: where a SQLite search with facets spends its time on a large case, step by
// step as search.ts takes them (hit rowids from the full-text index, facet counts, the ranked or
// dated page, page rows and snippets, badges), per query, each query as if first asked (hit and
// filter sets forgotten) or as a session keeps them (--kept); the slowest queries with their steps.
// Usage: node --import tsx bench/search/steps.ts --case DIR [--queries 1000] [--kept] [--sort alternate|relevance]
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { forgetHitSets, search } from '../../src/search/search.js';
import { benchmarkQueries } from './queries.mjs';

const args = process.argv.slice(2);
const arg = (n: string, d: string) => (args.includes(n) ? args[args.indexOf(n) + 1]! : d);
const db = new Database(join(arg('--case', ''), 'case.sqlite'), { readonly: true });
const N = Number(arg('--queries', '1000'));
const kept = args.includes('--kept');
const alternate = arg('--sort', 'alternate') === 'alternate';
const { queries } = benchmarkQueries();
let t = performance.now();
search({ db } as never, 'budget', { limit: 20, facets: true });
console.log(`first search ${(performance.now() - t).toFixed(1)} ms`);
const rows: { q: string; total: number; ms: number; i: number }[] = [];
for (const [i, q] of queries.slice(0, N).entries()) {
  if (!kept) forgetHitSets(db);
  t = performance.now();
  const r = search({ db } as never, q, {
    limit: 20,
    facets: true,
    sort: alternate && i % 2 ? 'date' : 'relevance',
  });
  rows.push({ q, total: r.total, ms: performance.now() - t, i });
}
const pct = (a: number[], p: number) => [...a].sort((x, y) => x - y)[Math.floor((a.length * p) / 100)]!;
const ms = rows.map((r) => r.ms);
console.log(`p50 ${pct(ms, 50).toFixed(1)} p95 ${pct(ms, 95).toFixed(1)} p99 ${pct(ms, 99).toFixed(1)}`);
for (let k = 0; k < 10; k++) {
  const s = rows.filter((r) => r.i % 10 === k);
  console.log(
    `shape ${k} ${s[0]!.q.padEnd(36)} p50 ${pct(
      s.map((r) => r.ms),
      50,
    ).toFixed(1)} p95 ${pct(
      s.map((r) => r.ms),
      95,
    ).toFixed(1)} median hits ${pct(
      s.map((r) => r.total),
      50,
    )}`,
  );
}
for (const r of [...rows].sort((a, b) => b.ms - a.ms).slice(0, 15))
  console.log(
    `${r.ms.toFixed(1).padStart(8)} ${String(r.total).padStart(7)} ${r.i % 2 && alternate ? 'date' : 'rel '} ${r.q}`,
  );
