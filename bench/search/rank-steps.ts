// bench/search/rank-steps.ts: where the slowest 5 % of the 1,000 benchmark queries (with facets,
// each as if first asked, odd ones newest first) spend their CPU time on a laptop case, this build
// against an earlier build's src/ (--baseline DIR), alternating query by query. Per query the CPU
// time of the whole search (process.cpuUsage, user + system; the machine is shared, so CPU is the
// figure that means something), then for the baseline's slowest 5 %: the steps measured apart on
// the same connection: the hit rowids (the match's group_concat), the facet counts over them, the
// ranking of every hit by FTS5 (bm25 ORDER BY LIMIT 100, what the baseline pays for a ranked
// page) and the stored heads' proof (rank-index.ts rankedHead, what this build pays instead).
// Usage: node --import tsx bench/search/rank-steps.ts --case DIR --baseline DIR [--queries 1000] [--out FILE.json]
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { facetsOfHits } from '../../src/search/facet-index.js';
import { planSearch } from '../../src/search/plan.js';
import { parseQuery } from '../../src/search/query.js';
import { forgetRankHeads, rankCounts, rankedHead, SQLITE_SCORE } from '../../src/search/rank-index.js';
import { forgetHitSets, parseRowids, search } from '../../src/search/search.js';
import { benchmarkQueries } from './queries.mjs';

const args = process.argv.slice(2);
const arg = (n: string, d: string) => (args.includes(n) ? args[args.indexOf(n) + 1]! : d);
const file = join(resolve(arg('--case', '')), 'case.sqlite');
const base = await import(join(resolve(arg('--baseline', '')), 'src/search/search.ts'));
const N = Number(arg('--queries', '1000'));
const mine = new Database(file, { readonly: true });
const theirs = new Database(file, { readonly: true });
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const r1 = (x: number) => Math.round(x * 10) / 10;
const load0 = loadavg().map(r1);
const opts = (i: number) => ({ limit: 20, facets: true, sort: i % 2 ? 'date' : 'relevance' }) as const;
search({ db: mine } as never, 'budget', opts(0));
base.search({ db: theirs } as never, 'budget', opts(0));

const { queries } = benchmarkQueries();
const rows: {
  i: number;
  q: string;
  total: number;
  mine: number;
  base: number;
  mineWall: number;
  baseWall: number;
}[] = [];
for (const [i, q] of queries.slice(0, N).entries()) {
  const row = { i, q, total: 0, mine: 0, base: 0, mineWall: 0, baseWall: 0 };
  for (const who of i % 2 ? (['base', 'mine'] as const) : (['mine', 'base'] as const)) {
    const c = cpu();
    const t = performance.now();
    if (who === 'mine') {
      forgetHitSets(mine);
      row.total = search({ db: mine } as never, q, opts(i)).total;
    } else {
      base.forgetHitSets(theirs);
      base.search({ db: theirs } as never, q, opts(i));
    }
    row[who] = cpu() - c;
    row[who === 'mine' ? 'mineWall' : 'baseWall'] = performance.now() - t;
  }
  rows.push(row);
}
const pct = (a: number[], p: number) =>
  [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor((a.length * p) / 100))]!;
const stat = (a: number[]) => ({ p50: r1(pct(a, 50)), p95: r1(pct(a, 95)), p99: r1(pct(a, 99)) });

// The baseline's slowest 5 %, step by step (best of 3, CPU ms).
const slow = [...rows].sort((a, b) => b.base - a.base).slice(0, Math.ceil(rows.length / 20));
const best = (f: () => unknown) => {
  let m = Infinity;
  for (let k = 0; k < 3; k++) {
    const c = cpu();
    f();
    m = Math.min(m, cpu() - c);
  }
  return r1(m);
};
const steps = slow.map((r) => {
  const plan = planSearch(parseQuery(r.q), 'sqlite', r.i % 2 ? 'date' : 'relevance');
  const match = plan.parts!.match;
  const out: Record<string, unknown> = {
    q: r.q,
    sort: r.i % 2 ? 'date' : 'relevance',
    total: r.total,
    base: r1(r.base),
    mine: r1(r.mine),
  };
  if (match) {
    const listed = () =>
      mine.prepare('SELECT group_concat(rowid) FROM fts WHERE fts MATCH ?').pluck().get(match) as string;
    out.hitRowids = best(listed);
    const rids = parseRowids(listed() ?? '');
    out.matched = rids.length;
    out.facets = best(() => facetsOfHits(mine, rids));
    out.rankEveryHit = best(() =>
      mine
        .prepare(`SELECT rowid, ${SQLITE_SCORE} AS s FROM fts WHERE fts MATCH ? ORDER BY s, rowid LIMIT 100`)
        .raw()
        .all(match),
    );
    out.rankedHead = best(() => {
      forgetRankHeads(mine);
      rankedHead(mine, match, 100, rids.length);
    });
    out.proven = rankedHead(mine, match, 100, rids.length) !== null;
  }
  return out;
});
const result = {
  date: new Date().toISOString(),
  loadBefore: load0,
  loadAfter: loadavg().map(r1),
  queries: rows.length,
  cpuMs: { mine: stat(rows.map((r) => r.mine)), base: stat(rows.map((r) => r.base)) },
  wallMs: { mine: stat(rows.map((r) => r.mineWall)), base: stat(rows.map((r) => r.baseWall)) },
  common: {
    mine: stat(rows.filter((r) => r.i % 2 === 0).map((r) => r.mine)),
    base: stat(rows.filter((r) => r.i % 2 === 0).map((r) => r.base)),
  },
  rankCounts,
  slowestBase: steps,
};
console.log(JSON.stringify({ ...result, slowestBase: steps.slice(0, 12) }, null, 1));
if (args.includes('--out')) writeFileSync(arg('--out', ''), `${JSON.stringify(result, null, 1)}\n`);
