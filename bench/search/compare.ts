// bench/search/compare.ts: this build's PostgreSQL search against an earlier build's (--baseline
// DIR, as bench/search/run.ts takes it) on the same team case, alternating query by query over the
// 1,000 benchmark queries (odd ones newest first, as run.ts), every answer compared whole: total,
// hits in order with their scores, snippets and badges, facets. Stops at the first difference;
// prints p50/p95/p99 of both builds, p95 per query shape and the slowest queries.
// Usage: node --import tsx bench/search/compare.ts --baseline DIR [--database URL]
//          [--case-name NAME] [--queries 1000] [--facets] [--offset 0]
import assert from 'node:assert/strict';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import type { SqlCaseStore } from '../../src/case/case-store.js';
import { openCaseStore } from '../../src/case/open.js';
import type { SearchResult } from '../../src/search/search.js';
import { searchCase } from '../../src/search/search-case.js';
import { benchmarkQueries } from './queries.mjs';

const args = process.argv.slice(2);
const arg = (name: string, dflt: string) => (args.includes(name) ? args[args.indexOf(name) + 1]! : dflt);
if (!args.includes('--baseline'))
  throw new Error('--baseline DIR: a checkout of an earlier src/ to compare with');
const base: typeof searchCase = (
  await import(join(resolve(arg('--baseline', '')), 'src/search/search-case.ts'))
).searchCase;
const facets = args.includes('--facets');
const offset = Number(arg('--offset', '0'));
const store = (await openCaseStore({
  databaseUrl: arg('--database', 'postgres://root@127.0.0.1:5432/test'),
  caseName: arg('--case-name', 'bench_search_pg'),
})) as SqlCaseStore;
const queries = benchmarkQueries().queries.slice(0, Number(arg('--queries', '1000')));
const opts = (i: number) =>
  ({ limit: 20, offset, sort: facets || i % 2 === 0 ? 'relevance' : 'date', facets }) as const;
const engines = { mine: searchCase, base };
for (const [i, q] of queries.slice(0, 20).entries())
  for (const run of Object.values(engines)) await run(store.db, q, opts(i));

const rows: { i: number; q: string; mine: number; base: number; total: number }[] = [];
for (const [i, q] of queries.entries()) {
  const res: Partial<Record<keyof typeof engines, SearchResult>> = {};
  const ms: Partial<Record<keyof typeof engines, number>> = {};
  for (const e of (i % 2 ? ['base', 'mine'] : ['mine', 'base']) as (keyof typeof engines)[]) {
    const t = performance.now();
    res[e] = await engines[e](store.db, q, opts(i));
    ms[e] = performance.now() - t;
  }
  assert.deepEqual(
    { ...res.mine, tookMs: 0 },
    { ...res.base, tookMs: 0 },
    `answer of "${q}" (${opts(i).sort})`,
  );
  rows.push({ i, q, mine: ms.mine!, base: ms.base!, total: res.mine!.total });
}
const pct = (a: number[], p: number) =>
  [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor((a.length * p) / 100))]!.toFixed(1);
console.log(
  `${queries.length} queries, facets ${facets}, offset ${offset}, load ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
for (const e of ['mine', 'base'] as const) {
  const t = rows.map((r) => r[e]);
  console.log(`${e}: p50 ${pct(t, 50)} p95 ${pct(t, 95)} p99 ${pct(t, 99)} ms`);
}
for (let k = 0; k < 10; k++) {
  const sel = rows.filter((r) => r.i % 10 === k);
  if (!sel.length) continue;
  console.log(
    `shape ${k} (${sel[0]!.q}): p95 mine ${pct(
      sel.map((r) => r.mine),
      95,
    )} base ${pct(
      sel.map((r) => r.base),
      95,
    )}`,
  );
}
for (const r of [...rows].sort((a, b) => b.mine - a.mine).slice(0, 10))
  console.log(
    `${r.mine.toFixed(1).padStart(8)} (base ${r.base.toFixed(1).padStart(8)}) ${String(r.total).padStart(6)}  ${r.q}`,
  );
console.log('every answer equal');
await store.close();
