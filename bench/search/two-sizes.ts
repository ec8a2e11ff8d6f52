// bench/search/two-sizes.ts: this build's search with facets on two laptop cases of different
// sizes, alternating query by query in one process (so both see the same load), each query as if
// first asked; p50/p95 per case and the p95 ratio, to show how the cost grows with the case.
// Usage: node --import tsx bench/search/two-sizes.ts --small DIR --large DIR [--queries 200]
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { forgetHitSets, search } from '../../src/search/search.js';
import { Store } from '../../src/store/store.js';
import { benchmarkQueries } from './queries.mjs';

const args = process.argv.slice(2);
const arg = (n: string, d: string) => (args.includes(n) ? args[args.indexOf(n) + 1]! : d);
const cases = {
  small: Store.open(resolve(arg('--small', '')), { readonly: true }),
  large: Store.open(resolve(arg('--large', '')), { readonly: true }),
};
const qs = benchmarkQueries().queries.slice(0, Number(arg('--queries', '200')));
const lat = { small: [] as number[], large: [] as number[] };
const load0 = loadavg();
for (const s of Object.values(cases)) search(s, 'budget', { limit: 20, facets: true });
for (const [i, q] of qs.entries())
  for (const k of (i % 2 ? ['large', 'small'] : ['small', 'large']) as ('small' | 'large')[]) {
    forgetHitSets(cases[k].db);
    const t = performance.now();
    search(cases[k], q, { limit: 20, facets: true, sort: i % 2 ? 'date' : 'relevance' });
    lat[k].push(performance.now() - t);
  }
const pct = (a: number[], p: number) => [...a].sort((x, y) => x - y)[Math.floor((a.length * p) / 100)]!;
const out = Object.fromEntries(
  Object.entries(lat).map(([k, a]) => [
    k,
    {
      items: cases[k as 'small'].db.prepare('SELECT count(*) FROM items').pluck().get(),
      p50Ms: Math.round(pct(a, 50) * 10) / 10,
      p95Ms: Math.round(pct(a, 95) * 10) / 10,
    },
  ]),
);
console.log(
  JSON.stringify({
    ...out,
    'large/small p95': Math.round((pct(lat.large, 95) / pct(lat.small, 95)) * 100) / 100,
    load: [load0, loadavg()].map((l) => l.map((x) => Math.round(x * 10) / 10)),
  }),
);
