// bench/search/workbench.ts: searches with facets as the laptop workbench runs them, through
// GET /api/search of the app (createApp; local mode, so every answered search is written to the
// audit log, on the connection the search runs on), this build's and a baseline checkout's,
// alternating query by query, each on its own copy of a case (the audit log writes into it), with a
// pause after each search so that the audit batch (200 ms) is written before the next, as when a
// person reads the results. Prints p50/p95 of each and their ratio.
// Usage: node --import tsx bench/search/workbench.ts --case DIR --baseline DIR --work DIR
//          [--queries 60] [--pause-ms 300]
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { Store } from '../../src/store/store.js';
import { createApp } from '../../src/web/server.js';
import { benchmarkQueries } from './queries.mjs';

const args = process.argv.slice(2);
const arg = (n: string, d: string) => (args.includes(n) ? args[args.indexOf(n) + 1]! : d);
const CASE = resolve(arg('--case', ''));
const BASELINE = resolve(arg('--baseline', ''));
const WORK = resolve(arg('--work', ''));
const N = Number(arg('--queries', '60'));
const PAUSE = Number(arg('--pause-ms', '300'));
const H = { host: '127.0.0.1:8080' };

function copyCase(name: string): string {
  const dir = join(WORK, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(CASE, 'case.sqlite'), join(dir, 'case.sqlite'));
  return dir;
}

type App = {
  request: (path: string, init?: { headers: Record<string, string> }) => Promise<Response> | Response;
};
const mine = createApp({ store: Store.open(copyCase('this')), allowedHosts: [H.host] }).app as App;
const base = await (async () => {
  const server = await import(join(BASELINE, 'src/web/server.ts'));
  const store = await import(join(BASELINE, 'src/store/store.ts'));
  return server.createApp({ store: store.Store.open(copyCase('baseline')), allowedHosts: [H.host] })
    .app as App;
})();

const queries = benchmarkQueries().queries.slice(0, N);
const lat: Record<'this' | 'baseline', number[]> = { this: [], baseline: [] };
const load0 = loadavg();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// Warm-up: the first search of a connection builds the facet index.
for (const app of [mine, base]) await app.request('/api/search?q=warmup', { headers: H });
await sleep(PAUSE);
for (const [i, q] of queries.entries()) {
  for (const name of i % 2 ? (['this', 'baseline'] as const) : (['baseline', 'this'] as const)) {
    const app = name === 'this' ? mine : base;
    const t = performance.now();
    const res = await app.request(`/api/search?q=${encodeURIComponent(q)}`, { headers: H });
    const body = (await res.json()) as { total?: number; facets?: unknown; error?: string };
    lat[name].push(performance.now() - t);
    if (!res.ok || !body.facets)
      throw new Error(`${name} "${q}": ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
    await sleep(PAUSE);
  }
}
const pct = (a: number[], p: number) => [...a].sort((x, y) => x - y)[Math.floor((a.length * p) / 100)]!;
const r1 = (x: number) => Math.round(x * 10) / 10;
const out = {
  queries: N,
  pauseMs: PAUSE,
  this: { p50Ms: r1(pct(lat.this, 50)), p95Ms: r1(pct(lat.this, 95)) },
  baseline: { p50Ms: r1(pct(lat.baseline, 50)), p95Ms: r1(pct(lat.baseline, 95)) },
  ratioP95: r1((pct(lat.this, 95) / pct(lat.baseline, 95)) * 100) / 100,
  loadAverage: [load0.map(r1), loadavg().map(r1)],
  date: new Date().toISOString(),
};
console.log(JSON.stringify(out, null, 2));
process.exit(0);
