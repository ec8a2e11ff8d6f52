// bench/search: the 1,000 benchmark queries (queries.mjs) on the generated 21,075-message maildir,
// in one run: the laptop case (SQLite FTS5), the team case (PostgreSQL tsvector) and `notmuch
// search` (a whole process per query, as a user runs it), alternating the three in each of 3 rounds
// and reporting the median round. With and without facets; latency per bucket of match counts, to
// show how p95 grows with the number of matches. Totals are compared between the two backends, so
// a fast wrong answer cannot pass.
// Usage: node --import tsx bench/search/run.ts [--maildir DIR] [--sqlite-case DIR] [--database URL]
//          [--case-name NAME] [--rounds 3] [--queries 1000] [--skip-notmuch] [--out DIR] [--baseline DIR]
//          [--skip-postgres] [--sqlite-baseline DIR]
// --skip-postgres: the laptop engines and notmuch only (no team case is made or read).
// --sqlite-baseline DIR: a checkout of an earlier commit's src/ (as --baseline) whose SQLite search
// with facets runs as one more engine, alternating with the others. With it, and always, the
// SQLite search with facets also runs as 'sqlite+facets-fresh': the same search with the hit sets
// and filter sets of earlier queries forgotten first, as if each query were the first asked.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { SqlCaseStore } from '../../src/case/case-store.js';
import { openCaseStore } from '../../src/case/open.js';
import { enumerateInputs } from '../../src/ingest/enumerate.js';
import { forgetHitSets, search } from '../../src/search/search.js';
import { searchCase } from '../../src/search/search-case.js';
import { Store } from '../../src/store/store.js';
import { dirRecords } from '../../src/team/dirs.js';
import { groupTasks } from '../../src/team/queue.js';
import { ingestJobsHere } from '../../src/team/worker.js';
import { benchmarkQueries } from './queries.mjs';

const ROOT = resolve(new URL('../..', import.meta.url).pathname);
const args = process.argv.slice(2);
const arg = (name: string, dflt: string) => (args.includes(name) ? args[args.indexOf(name) + 1]! : dflt);
const OUT = resolve(arg('--out', join(ROOT, 'bench/out/search')));
const MAILDIR = resolve(arg('--maildir', join(ROOT, 'bench/data/maildir')));
const SQLITE_CASE = resolve(arg('--sqlite-case', join(OUT, 'sqlite-case')));
const DATABASE = arg('--database', 'postgres://root@127.0.0.1:5432/test');
const CASE_NAME = arg('--case-name', 'bench_search_pg');
const ROUNDS = Number(arg('--rounds', '3'));
const CLI = join(ROOT, 'bin/leaklens.js');
mkdirSync(OUT, { recursive: true });

const log = (s: string) => process.stderr.write(`${s}\n`);

// 1. The maildir and the two cases (made once; later runs reuse them).
if (!existsSync(MAILDIR))
  execFileSync(process.execPath, [join(ROOT, 'bench/ingest/generate.mjs'), MAILDIR], { stdio: 'inherit' });
if (!existsSync(join(SQLITE_CASE, 'case.sqlite'))) {
  log(`laptop ingest into ${SQLITE_CASE}`);
  execFileSync(
    process.execPath,
    [CLI, 'ingest', MAILDIR, '--case', SQLITE_CASE, '--no-verify', '--no-analyze'],
    {
      stdio: 'inherit',
      env: { ...process.env, LEAKLENS_PROGRESS: '0' },
    },
  );
}
const laptop = Store.open(SQLITE_CASE, { readonly: true });
const skipPostgres = args.includes('--skip-postgres');
const team = skipPostgres
  ? null
  : ((await openCaseStore({ databaseUrl: DATABASE, caseName: CASE_NAME })) as SqlCaseStore);
const laptopItems = (laptop.db.prepare('SELECT count(*) AS n FROM items').get() as { n: number }).n;
if (team && (await team.counts()).items !== laptopItems) {
  // The team worker's own ingest (ingestJob), run here job after job without a queue.
  log(`team ingest into PostgreSQL case ${CASE_NAME}`);
  const t0 = performance.now();
  const { tasks, dirs } = enumerateInputs([MAILDIR]);
  await team.applyRecords(dirRecords(dirs));
  // Then VACUUM ANALYZE of the search tables, as the end of every team ingest (team/finish.ts).
  await ingestJobsHere(
    team,
    join(OUT, 'pg-blobs'),
    groupTasks(tasks).map((g) => ({ tasks: g })),
  );
  log(`  ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
const teamItems = team ? (await team.counts()).items : laptopItems;
if (teamItems !== laptopItems)
  throw new Error(`cases differ: SQLite ${laptopItems} items, PostgreSQL ${teamItems}`);

// 2. notmuch over the same maildir.
const nmConf = join(OUT, 'notmuch-config');
const skipNotmuch = args.includes('--skip-notmuch');
// `notmuch new` is incremental: on a complete database it only checks the maildir.
if (!skipNotmuch) {
  mkdirSync(join(OUT, 'notmuch-db'), { recursive: true });
  writeFileSync(
    nmConf,
    `[database]\npath=${join(OUT, 'notmuch-db')}\nmail_root=${MAILDIR}\n[new]\ntags=\n[maildir]\nsynchronize_flags=false\n`,
  );
  log('notmuch new');
  execFileSync('notmuch', ['--config', nmConf, 'new', '--quiet'], { stdio: 'inherit' });
}

/** The same query in notmuch's language (Xapian): dates as ranges, attachments as the tag notmuch sets. */
function toNotmuch(q: string): string {
  return q
    .replace(/after:(\d{4}-\d{2})/g, 'date:$1..')
    .replace(/has:attachment/g, 'tag:attachment')
    .replace(/(^|\s)-(\S+)/g, '$1NOT $2');
}

// --queries N: the first N of the 1,000 (same mix: they cycle through the five shapes).
const nQueries = Number(arg('--queries', '1000'));
const all = benchmarkQueries();
const queries = all.queries.slice(0, nQueries);
const common = all.common.filter((i) => i < nQueries);
const pct = (a: number[], p: number) =>
  [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor((a.length * p) / 100))]!;
const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
const r2 = (x: number) => Math.round(x * 100) / 100;

type Engine =
  | 'sqlite'
  | 'postgres'
  | 'sqlite+facets'
  | 'postgres+facets'
  | 'notmuch'
  | 'postgres-baseline'
  | 'postgres-baseline+facets'
  | 'sqlite+facets-fresh'
  | 'sqlite-baseline+facets';
// --baseline DIR: a checkout of an earlier commit's src/ (e.g. `git archive COMMIT src | tar -x
// -C DIR`, with node_modules linked), whose searchCase runs as two more engines on the same case,
// alternating with the others: before/after figures of one run.
const BASELINE = args.includes('--baseline') ? resolve(arg('--baseline', '')) : null;
const baselineSearch: typeof searchCase | null = BASELINE
  ? (await import(join(BASELINE, 'src/search/search-case.ts'))).searchCase
  : null;
const SQLITE_BASELINE = args.includes('--sqlite-baseline') ? resolve(arg('--sqlite-baseline', '')) : null;
const sqliteBaseline: { search: typeof search; store: Store } | null = SQLITE_BASELINE
  ? {
      search: (await import(join(SQLITE_BASELINE, 'src/search/search.ts'))).search,
      store: (await import(join(SQLITE_BASELINE, 'src/store/store.ts'))).Store.open(SQLITE_CASE, {
        readonly: true,
      }),
    }
  : null;
const ENGINES: Engine[] = [
  'sqlite',
  ...(skipPostgres ? [] : (['postgres'] as const)),
  'sqlite+facets',
  'sqlite+facets-fresh',
  ...(sqliteBaseline ? (['sqlite-baseline+facets'] as const) : []),
  ...(skipPostgres ? [] : (['postgres+facets'] as const)),
  ...(skipNotmuch ? [] : (['notmuch'] as const)),
  ...(baselineSearch ? (['postgres-baseline', 'postgres-baseline+facets'] as const) : []),
];

// Its own connection, so that forgetting its hit sets does not touch the 'sqlite+facets' engine's.
const fresh = Store.open(SQLITE_CASE, { readonly: true });

async function once(engine: Engine, q: string, i: number): Promise<number> {
  const sort = i % 2 ? 'date' : 'relevance';
  if (engine === 'sqlite') return search(laptop, q, { limit: 20, sort }).total;
  if (engine === 'sqlite+facets') return search(laptop, q, { limit: 20, facets: true }).total;
  if (engine === 'sqlite+facets-fresh') {
    forgetHitSets(fresh.db);
    return search(fresh, q, { limit: 20, facets: true }).total;
  }
  if (engine === 'sqlite-baseline+facets')
    return sqliteBaseline!.search(sqliteBaseline!.store, q, { limit: 20, facets: true }).total;
  if (engine === 'postgres') return (await searchCase(team!.db, q, { limit: 20, sort })).total;
  if (engine === 'postgres+facets') return (await searchCase(team!.db, q, { limit: 20, facets: true })).total;
  if (engine === 'postgres-baseline') return (await baselineSearch!(team!.db, q, { limit: 20, sort })).total;
  if (engine === 'postgres-baseline+facets')
    return (await baselineSearch!(team!.db, q, { limit: 20, facets: true })).total;
  const r = spawnSync('notmuch', ['--config', nmConf, 'search', '--limit=20', toNotmuch(q)], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`notmuch search ${q}: ${r.stderr}`);
  return -1;
}

const loadAtStart = (await import('node:os')).loadavg();
// 3. Warm-up (statements, page cache), then the rounds, engines alternating query by query.
for (const e of ENGINES) for (const [i, q] of queries.slice(0, 20).entries()) await once(e, q, i);
const lat: Record<Engine, number[][]> = Object.fromEntries(ENGINES.map((e) => [e, []])) as never;
const totals: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  log(`round ${round + 1}/${ROUNDS}`);
  const cur = Object.fromEntries(ENGINES.map((e) => [e, [] as number[]])) as Record<Engine, number[]>;
  for (const [i, q] of queries.entries()) {
    if (i % 100 === 0) log(`  query ${i}/${queries.length}`);
    // Rotate which engine goes first, so none always runs on a cache the other warmed.
    for (let k = 0; k < ENGINES.length; k++) {
      const e = ENGINES[(i + k + round) % ENGINES.length]!;
      const t = performance.now();
      const total = await once(e, q, i);
      cur[e].push(performance.now() - t);
      if (round === 0 && e === 'sqlite+facets') totals[i] = total;
      if (round === 0 && (e === 'sqlite+facets-fresh' || e === 'sqlite-baseline+facets' || e === 'sqlite')) {
        const want = search(laptop, q, { limit: 0 }).total;
        if (total !== want) throw new Error(`"${q}": ${e} ${total} hits, SQLite without facets ${want}`);
      }
      if (round === 0 && (e === 'postgres+facets' || e === 'postgres-baseline+facets')) {
        const want = search(laptop, q, { limit: 0 }).total;
        if (total !== want) throw new Error(`"${q}": ${e} ${total} hits, SQLite ${want}`);
      }
    }
  }
  for (const e of ENGINES) lat[e].push(cur[e]);
}

/** The round with the median p95, per engine. */
function summary(e: Engine) {
  const rounds = lat[e].map((l) => ({ l, p95: pct(l, 95) }));
  const mid = rounds.sort((a, b) => a.p95 - b.p95)[Math.floor(rounds.length / 2)]!.l;
  return {
    p50Ms: r2(pct(mid, 50)),
    p95Ms: r2(pct(mid, 95)),
    p99Ms: r2(pct(mid, 99)),
    commonWordsP95Ms: r2(
      pct(
        common.map((i) => mid[i]!),
        95,
      ),
    ),
    rareWordsP95Ms: r2(
      pct(
        mid.filter((_, i) => i % 2),
        95,
      ),
    ),
    p95PerRoundMs: lat[e].map((l) => r2(pct(l, 95))),
  };
}

/** p95 per bucket of match counts (facets: the work grows with the matches counted). */
function byMatches(e: Engine) {
  const mid = lat[e].map((l) => ({ l, p95: pct(l, 95) })).sort((a, b) => a.p95 - b.p95)[
    Math.floor(lat[e].length / 2)
  ]!.l;
  const buckets = [
    [0, 10],
    [10, 100],
    [100, 1000],
    [1000, 5000],
    [5000, 1e9],
  ];
  return buckets.map(([lo, hi]) => {
    const xs = mid.filter((_, i) => totals[i]! >= lo! && totals[i]! < hi!);
    const ms = totals.filter((n) => n >= lo! && n < hi!);
    return {
      matches: `${lo}–${hi! >= 1e9 ? '' : hi}`,
      queries: xs.length,
      medianMatches: xs.length ? median(ms) : null,
      p95Ms: xs.length ? r2(pct(xs, 95)) : null,
    };
  });
}

const report = {
  messages: laptopItems,
  queries: queries.length,
  rounds: ROUNDS,
  engines: Object.fromEntries(ENGINES.map((e) => [e, summary(e)])),
  facetsByMatches: Object.fromEntries(
    (['sqlite+facets', 'sqlite+facets-fresh', 'sqlite-baseline+facets', 'postgres+facets'] as const)
      .filter((e) => ENGINES.includes(e))
      .map((e) => [e, byMatches(e)]),
  ),
  ratios: {
    ...(skipPostgres
      ? {}
      : { 'postgres/sqlite p95': r2(summary('postgres').p95Ms / summary('sqlite').p95Ms) }),
    ...(sqliteBaseline
      ? {
          'sqlite+facets/baseline p95': r2(
            summary('sqlite+facets').p95Ms / summary('sqlite-baseline+facets').p95Ms,
          ),
          'sqlite+facets-fresh/baseline p95': r2(
            summary('sqlite+facets-fresh').p95Ms / summary('sqlite-baseline+facets').p95Ms,
          ),
        }
      : {}),
    ...(baselineSearch
      ? {
          'postgres/baseline p95': r2(summary('postgres').p95Ms / summary('postgres-baseline').p95Ms),
          'postgres+facets/baseline p95': r2(
            summary('postgres+facets').p95Ms / summary('postgres-baseline+facets').p95Ms,
          ),
        }
      : {}),
    ...(skipNotmuch
      ? {}
      : {
          'sqlite+facets/notmuch p95': r2(summary('sqlite+facets').p95Ms / summary('notmuch').p95Ms),
          'sqlite+facets-fresh/notmuch p95': r2(
            summary('sqlite+facets-fresh').p95Ms / summary('notmuch').p95Ms,
          ),
          ...(sqliteBaseline
            ? {
                'sqlite-baseline+facets/notmuch p95': r2(
                  summary('sqlite-baseline+facets').p95Ms / summary('notmuch').p95Ms,
                ),
              }
            : {}),
          ...(skipPostgres
            ? {}
            : {
                'postgres+facets/notmuch p95': r2(
                  summary('postgres+facets').p95Ms / summary('notmuch').p95Ms,
                ),
              }),
        }),
  },
  loadAverageAtStart: loadAtStart.map(r2),
  loadAverage: (await import('node:os')).loadavg().map(r2),
  date: new Date().toISOString(),
};
writeFileSync(join(OUT, 'result.json'), `${JSON.stringify(report, null, 2)}\n`);
console.log(JSON.stringify(report, null, 2));
laptop.close();
fresh.close();
sqliteBaseline?.store.close();
await team?.close();
