// bench/search/profile-sqlite.ts: where a SQLite search with facets spends its time, split by step
// (FTS match, bm25, items join, top k, facets, page rows, snippets, badges), per query shape.
// Usage: node --import tsx bench/search/profile-sqlite.ts --case DIR [--queries N] [--repeat R]

import { join } from 'node:path';
import Database from 'better-sqlite3';
import { badgesFor } from '../../src/search/badges.js';
import { facetsOfHits } from '../../src/search/facet-index.js';
import { highlightStems } from '../../src/search/fts-expr.js';
import { registerNameFunctions } from '../../src/search/name-functions.js';
import { planSearch } from '../../src/search/plan.js';
import { parseQuery } from '../../src/search/query.js';
import { DETAIL_SQL, search } from '../../src/search/search.js';
import { makeSnippet } from '../../src/search/snippet.js';
import { benchmarkQueries } from './queries.mjs';

const args = process.argv.slice(2);
const arg = (n: string, d: string) => (args.includes(n) ? args[args.indexOf(n) + 1]! : d);
const db = new Database(join(arg('--case', ''), 'case.sqlite'), { readonly: true });
registerNameFunctions(db);
const N = Number(arg('--queries', '1000'));
const { queries } = benchmarkQueries();
const steps: Record<string, number[]> = {};
const add = (k: string, ms: number) => {
  steps[k] ??= [];
  steps[k].push(ms);
};
const time = <T>(k: string, f: () => T): T => {
  const t = performance.now();
  const v = f();
  add(k, performance.now() - t);
  return v;
};
const pct = (a: number[], p: number) => [...a].sort((x, y) => x - y)[Math.floor((a.length * p) / 100)]!;
const rows: { q: string; total: number; ms: number; parts: Record<string, number> }[] = [];
for (const q of queries.slice(0, N)) {
  const before = Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, v.length]));
  const parsed = parseQuery(q);
  const plan = planSearch(parsed, 'sqlite', 'relevance');
  const expr = plan.params[0];
  const t0 = performance.now();
  if (plan.score !== '0') {
    time('fts count', () => db.prepare('SELECT count(*) FROM fts WHERE fts MATCH ?').pluck().get(expr));
    time('fts rowid+bm25', () =>
      db.prepare(`SELECT rowid, ${plan.score} FROM fts WHERE fts MATCH ?`).raw().all(expr),
    );
  }
  const all = time('onePass statement', () =>
    db
      .prepare(`SELECT i.rowid, ${plan.score} FROM ${plan.from} WHERE ${plan.where}`)
      .raw()
      .all(...plan.params),
  ) as [number, number][];
  time('sort all', () => [...all].sort((a, b) => a[1] - b[1] || a[0] - b[0]));
  const rids = Int32Array.from(all.map((r) => r[0]));
  time('facets', () => facetsOfHits(db, rids));
  const page = db.prepare(plan.pageSql).all(...plan.pageParams, 20, 0) as { id: string }[];
  const detail = db.prepare(DETAIL_SQL);
  const rs = time('page rows', () => page.map((p) => detail.get(p.id) as { text: string }));
  const stems = highlightStems(parsed);
  time('snippets', () => rs.map((r) => makeSnippet(r.text ?? '', stems)));
  time('badges', () =>
    badgesFor(
      db,
      page.map((p) => p.id),
    ),
  );
  const whole = time('search()+facets', () => search({ db } as never, q, { limit: 20, facets: true }));
  const parts: Record<string, number> = {};
  for (const [k, v] of Object.entries(steps)) if (v.length > (before[k] ?? 0)) parts[k] = v.at(-1)!;
  rows.push({ q, total: whole.total, ms: parts['search()+facets']!, parts });
  void t0;
}
console.log('step: p50 / p95 / mean ms');
for (const [k, v] of Object.entries(steps))
  console.log(
    `${k.padEnd(20)} ${pct(v, 50).toFixed(2)} / ${pct(v, 95).toFixed(2)} / ${(v.reduce((a, b) => a + b, 0) / v.length).toFixed(2)}`,
  );
rows.sort((a, b) => b.ms - a.ms);
console.log('\nslowest:');
for (const r of rows.slice(0, 15))
  console.log(
    `${r.ms.toFixed(1).padStart(7)} ms ${String(r.total).padStart(6)} hits  ${r.q.padEnd(40)} ${Object.entries(
      r.parts,
    )
      .map(([k, v]) => `${k}=${v.toFixed(1)}`)
      .join(' ')}`,
  );
