// bench/million/search: the 1,000 benchmark queries (bench/search/queries.mjs) with facets on a
// laptop case (SQLite), beside `notmuch search` over the same maildir in the same run, query by
// query, alternating which goes first. Also the first search of a fresh connection (it builds the
// facet index) and the overview behind /api/overview, cold (computed) and warm (read back).
// Usage: node --import tsx bench/million/search.ts --case DIR --maildir DIR [--notmuch-dir DIR]

//          [--queries 1000] [--skip-notmuch] [--readonly] [--out FILE.json]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { caseFacts } from '../../src/analyze/case-facts.js';
import { cachedOverviewOf } from '../../src/case/overview-cache.js';
import { SqliteDb } from '../../src/case/sqlite-db.js';
import { search } from '../../src/search/search.js';
import { Store } from '../../src/store/store.js';
import { caseHeadlines } from '../../src/suspects/index.js';
import { benchmarkQueries } from '../search/queries.mjs';

const args = process.argv.slice(2);
const arg = (name: string, dflt?: string) => (args.includes(name) ? args[args.indexOf(name) + 1]! : dflt);
const CASE = resolve(arg('--case') ?? '');
const MAILDIR = resolve(arg('--maildir') ?? '');
if (!existsSync(join(CASE, 'case.sqlite')) || !existsSync(MAILDIR)) {
  console.error('usage: node --import tsx bench/million/search.ts --case DIR --maildir DIR [--skip-notmuch]');
  process.exit(2);
}
const NM = resolve(arg('--notmuch-dir', `${CASE}-notmuch`)!);
const skipNotmuch = args.includes('--skip-notmuch');
const log = (s: string) => process.stderr.write(`${s}\n`);
const r1 = (x: number) => Math.round(x * 10) / 10;
const pct = (a: number[], p: number) =>
  [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor((a.length * p) / 100))]!;

// 1. notmuch over the same maildir (incremental: a complete database only checks the maildir).
const nmConf = join(NM, 'config');
let notmuchNewSeconds: number | null = null;
if (!skipNotmuch) {
  mkdirSync(join(NM, 'db'), { recursive: true });
  writeFileSync(
    nmConf,
    `[database]\npath=${join(NM, 'db')}\nmail_root=${MAILDIR}\n[new]\ntags=\n[maildir]\nsynchronize_flags=false\n`,
  );
  log('notmuch new');
  const t = performance.now();
  execFileSync('notmuch', ['--config', nmConf, 'new', '--quiet'], { stdio: 'inherit' });
  notmuchNewSeconds = r1((performance.now() - t) / 1000);
}
/** The same query in notmuch's language (as bench/search/run.ts). */
const toNotmuch = (q: string) =>
  q
    .replace(/after:(\d{4}-\d{2})/g, 'date:$1..')
    .replace(/has:attachment/g, 'tag:attachment')
    .replace(/(^|\s)-(\S+)/g, '$1NOT $2');

// 2. The overview of /api/overview: computed (no cache), stored, then read back. --readonly (a
// case still being ingested): computed only, nothing written.
const readonly = args.includes('--readonly');
const ovStore = Store.open(CASE, { readonly });
if (!readonly) ovStore.db.prepare("DELETE FROM meta WHERE key LIKE 'overview-cache:%'").run();
let t = performance.now();
const ovDb = new SqliteDb(ovStore.db);
await caseFacts(ovDb);
await caseHeadlines(ovDb);
const overviewComputedMs = r1(performance.now() - t);
let overviewCachedColdMs: number | null = null;
let overviewCachedWarmMs: number | null = null;
if (!readonly) {
  await cachedOverviewOf(ovDb, 'facts', () => caseFacts(ovDb));
  await cachedOverviewOf(ovDb, 'headlines', () => caseHeadlines(ovDb));
  const reader = Store.open(CASE, { readonly: true });
  const readerDb = new SqliteDb(reader.db);
  t = performance.now();
  await cachedOverviewOf(readerDb, 'facts', () => caseFacts(readerDb));
  await cachedOverviewOf(readerDb, 'headlines', () => caseHeadlines(readerDb));
  overviewCachedColdMs = r1(performance.now() - t);
  t = performance.now();
  await cachedOverviewOf(readerDb, 'facts', () => caseFacts(readerDb));
  await cachedOverviewOf(readerDb, 'headlines', () => caseHeadlines(readerDb));
  overviewCachedWarmMs = r1(performance.now() - t);
  reader.close();
}
ovStore.close();

// 3. Search: the first one on a fresh connection builds the facet index.
const store = Store.open(CASE, { readonly: true });
const items = (store.db.prepare('SELECT count(*) AS n FROM items').get() as { n: number }).n;
t = performance.now();
search(store, 'budget', { limit: 20, facets: true });
const firstSearchMs = r1(performance.now() - t);
const { queries: all } = benchmarkQueries();
const queries = all.slice(0, Number(arg('--queries', '1000')));
const lat = { leaklens: [] as number[], notmuch: [] as number[] };
for (const [i, q] of queries.entries()) {
  const sort = i % 2 ? 'date' : 'relevance';
  const order = i % 2 ? (['notmuch', 'leaklens'] as const) : (['leaklens', 'notmuch'] as const);
  for (const engine of order) {
    if (engine === 'notmuch' && skipNotmuch) continue;
    const t0 = performance.now();
    if (engine === 'leaklens') search(store, q, { limit: 20, facets: true, sort });
    else {
      const r = spawnSync('notmuch', ['--config', nmConf, 'search', '--limit=20', toNotmuch(q)], {
        encoding: 'utf8',
      });
      if (r.status !== 0) throw new Error(`notmuch search ${q}: ${r.stderr}`);
    }
    lat[engine].push(performance.now() - t0);
  }
  if (i % 100 === 99) log(`${i + 1}/${queries.length} queries`);
}
store.close();
const stats = (a: number[]) => (a.length ? { p50Ms: r1(pct(a, 50)), p95Ms: r1(pct(a, 95)) } : null);
const report = {
  date: new Date().toISOString(),
  load: execFileSync('uptime', { encoding: 'utf8' }).trim(),
  case: CASE,
  items,
  queries: queries.length,
  leaklensWithFacets: stats(lat.leaklens),
  notmuch: stats(lat.notmuch),
  p95Ratio: lat.notmuch.length ? r1((pct(lat.leaklens, 95) / pct(lat.notmuch, 95)) * 100) / 100 : null,
  firstSearchMs,
  notmuchNewSeconds,
  overview: {
    computedMs: overviewComputedMs,
    cachedColdMs: overviewCachedColdMs,
    cachedWarmMs: overviewCachedWarmMs,
  },
};
console.log(JSON.stringify(report, null, 2));
const out = arg('--out');
if (out) writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
