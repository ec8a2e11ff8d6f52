// bench/search/scale.ts: the 1,000 benchmark queries with facets on one laptop case, this build
// against an earlier build's src/ (--baseline DIR, as run.ts takes it) and `notmuch search` on the
// same maildir, alternating query by query (which goes first rotating), every answer of the two
// builds compared whole (total, hits in order with scores, snippets, badges, every facet; tookMs
// left out), wall and CPU time. Odd queries newest first, even ones by relevance (as bench/million/search.ts), limit
// 20; --pages 2 asks each query's second page too. --fresh: hit and filter sets forgotten before
// each query (as if first asked); else kept as a workbench session keeps them. Also the first
// search of a new connection for both builds (this one reads the facet index stored in the case).
// Usage: node --import tsx bench/search/scale.ts --case DIR --baseline DIR [--notmuch-config FILE]
//          [--queries 1000] [--fresh] [--out FILE.json]
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { rankCounts } from '../../src/search/rank-index.js';
import { forgetHitSets, search } from '../../src/search/search.js';
import { Store } from '../../src/store/store.js';
import { benchmarkQueries } from './queries.mjs';

const args = process.argv.slice(2);
const arg = (n: string, d: string) => (args.includes(n) ? args[args.indexOf(n) + 1]! : d);
const CASE = resolve(arg('--case', ''));
const B = resolve(arg('--baseline', ''));
const NM = args.includes('--notmuch-config') ? resolve(arg('--notmuch-config', '')) : null;
const fresh = args.includes('--fresh');
const pages = Number(arg('--pages', '1'));
const base = await import(join(B, 'src/search/search.ts'));
const BStore = (await import(join(B, 'src/store/store.ts'))).Store;
const r1 = (x: number) => Math.round(x * 10) / 10;
const load0 = loadavg().map(r1);

// The first search of a new connection, each build (this one's reads the stored facet index).
let t = performance.now();
const mine = Store.open(CASE, { readonly: true });
search(mine, 'budget', { limit: 20, facets: true });
const firstMine = r1(performance.now() - t);
t = performance.now();
const theirs = BStore.open(CASE, { readonly: true });
base.search(theirs, 'budget', { limit: 20, facets: true });
const firstBase = r1(performance.now() - t);

const toNotmuch = (q: string) =>
  q
    .replace(/after:(\d{4}-\d{2})/g, 'date:$1..')
    .replace(/has:attachment/g, 'tag:attachment')
    .replace(/(^|\s)-(\S+)/g, '$1NOT $2');
type E = 'mine' | 'base' | 'notmuch';
const opts = (i: number, page: number) =>
  ({ limit: 20, offset: 20 * page, facets: true, sort: i % 2 ? 'date' : 'relevance' }) as const;
const run: Record<E, (q: string, i: number, page: number) => unknown> = {
  mine: (q, i, page) => {
    if (fresh && page === 0) forgetHitSets(mine.db);
    return search(mine, q, opts(i, page));
  },
  base: (q, i, page) => {
    if (fresh && page === 0) base.forgetHitSets(theirs.db);
    return base.search(theirs, q, opts(i, page));
  },
  notmuch: (q, _i, page) => {
    const r = spawnSync(
      'notmuch',
      ['--config', NM!, 'search', '--limit=20', `--offset=${20 * page}`, toNotmuch(q)],
      { encoding: 'utf8' },
    );
    if (r.status !== 0) throw new Error(`notmuch search ${q}: ${r.stderr}`);
    return null;
  },
};
const engines: E[] = NM ? ['mine', 'base', 'notmuch'] : ['mine', 'base'];
const queries = benchmarkQueries().queries.slice(0, Number(arg('--queries', '1000')));
for (const [i, q] of queries.slice(0, 10).entries()) for (const e of engines) run[e](q, i, 0);
const lat: Record<E, number[]> = { mine: [], base: [], notmuch: [] };
// CPU (user + system): this process's for the two builds, per ask; notmuch's as its children's
// total (/proc/self/stat cutime + cstime, in clock ticks of 10 ms: a mean per ask, no percentile).
const cpuOf: Record<E, number[]> = { mine: [], base: [], notmuch: [] };
const ownCpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const childCpu = () => {
  const f = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  return (Number(f[13]) + Number(f[14])) * 10;
};
const child0 = childCpu();
const totals: number[] = [];
for (const [i, q] of queries.entries()) {
  for (let page = 0; page < pages; page++) {
    const res: Partial<Record<E, string>> = {};
    for (let k = 0; k < engines.length; k++) {
      const e = engines[(i + k) % engines.length]!;
      const t0 = performance.now();
      const c0 = ownCpu();
      const r = run[e](q, i, page) as { total: number } | null;
      lat[e].push(performance.now() - t0);
      if (e !== 'notmuch') cpuOf[e].push(ownCpu() - c0);
      if (r) {
        res[e] = JSON.stringify({ ...r, tookMs: 0 });
        if (e === 'mine' && page === 0) totals[i] = r.total;
      }
    }
    if (res.mine !== res.base)
      throw new Error(`answers differ: "${q}" page ${page + 1} (${opts(i, page).sort})`);
  }
  if (i % 200 === 199) process.stderr.write(`${i + 1}/${queries.length}\n`);
}
const pct = (a: number[], p: number) =>
  r1([...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor((a.length * p) / 100))]!);
const stats = (a: number[]) => ({ p50Ms: pct(a, 50), p95Ms: pct(a, 95), p99Ms: pct(a, 99) });
const buckets = [0, 10, 100, 1000, 10000, 100000, 1e9];
const byMatches = (e: E) =>
  buckets.slice(0, -1).flatMap((lo, k) => {
    const hi = buckets[k + 1]!;
    const xs = lat[e].filter((_, j) => {
      const n = totals[Math.floor(j / pages)]!;
      return n >= lo && n < hi;
    });
    return xs.length
      ? [{ matches: `${lo}–${hi >= 1e9 ? '' : hi}`, asks: xs.length, p95Ms: pct(xs, 95) }]
      : [];
  });
const items = (mine.db.prepare('SELECT count(*) FROM items').pluck().get() as number) ?? 0;
const report = {
  date: new Date().toISOString(),
  case: CASE,
  items,
  queries: queries.length,
  pages,
  mode: fresh ? 'each query as if first asked' : 'caches kept as a session keeps them',
  everyAnswerEqual: true,
  firstSearchMs: { mine: firstMine, base: firstBase },
  engines: Object.fromEntries(engines.map((e) => [e, stats(lat[e])])),
  cpu: {
    mine: { ...stats(cpuOf.mine), totalS: Math.round(cpuOf.mine.reduce((a, b) => a + b, 0)) / 1000 },
    base: { ...stats(cpuOf.base), totalS: Math.round(cpuOf.base.reduce((a, b) => a + b, 0)) / 1000 },
    ...(NM
      ? {
          notmuch: {
            totalS: Math.round(childCpu() - child0) / 1000,
            meanMsPerAsk: r1((childCpu() - child0) / lat.notmuch.length),
          },
        }
      : {}),
  },
  rankedHeads: rankCounts,
  p95ByMatches: Object.fromEntries(engines.filter((e) => e !== 'notmuch').map((e) => [e, byMatches(e)])),
  ratios: {
    'mine/base p95': r1((pct(lat.mine, 95) / pct(lat.base, 95)) * 100) / 100,
    ...(NM ? { 'mine/notmuch p95': r1((pct(lat.mine, 95) / pct(lat.notmuch, 95)) * 100) / 100 } : {}),
  },
  loadAverageAtStart: load0,
  loadAverage: loadavg().map(r1),
};
console.log(JSON.stringify(report, null, 2));
const out = arg('--out', '');
if (out) writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
mine.close();
theirs.close();
