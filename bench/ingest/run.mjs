#!/usr/bin/env node
// bench/ingest: leaklens ingest vs `mu index` vs `notmuch new` on the same generated maildir, run
// one after the other in this process (wall clock and peak RSS from /usr/bin/time), then search
// latency over 1,000 mixed queries, and single-word counts beside `notmuch count`.
// Usage: npm run build && node bench/ingest/run.mjs [--messages N] [--skip-peers]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { benchmarkQueries } from '../search/queries.mjs';

const ROOT = resolve(new URL('../..', import.meta.url).pathname);
const args = process.argv.slice(2);
const n = args.includes('--messages') ? Number(args[args.indexOf('--messages') + 1]) : 21075;
const DATA = join(ROOT, 'bench/data', n === 21075 ? 'maildir' : `maildir-${n}`);
const OUT = join(ROOT, 'bench/out/ingest');
rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });

execFileSync(process.execPath, [join(ROOT, 'bench/ingest/generate.mjs'), DATA, '--messages', String(n)], {
  stdio: 'inherit',
});
if (!existsSync(join(ROOT, 'dist/cli/main.js')))
  throw new Error('run "npm run build" first: the benchmark times the compiled CLI');

/** Runs a command under /usr/bin/time; returns wall seconds and peak RSS in MiB. */
function timed(label, cmd, argv, env = {}) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', cmd, ...argv], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const last = r.stderr.trim().split('\n').pop() ?? '';
  const [secs, kb] = last.split(' ').map(Number);
  if (r.status !== 0) console.error(`${label} exited ${r.status}: ${r.stderr.slice(-500)}`);
  return { label, seconds: secs, rssMiB: Math.round((kb ?? 0) / 1024), stdout: r.stdout };
}

const results = [];
const caseDir = join(OUT, 'case');
results.push(
  timed(
    'leaklens ingest',
    process.execPath,
    [join(ROOT, 'bin/leaklens.js'), 'ingest', DATA, '--case', caseDir, '--no-verify', '--no-analyze'],
    { LEAKLENS_PROGRESS: '0' },
  ),
);
if (!args.includes('--skip-peers')) {
  const muHome = join(OUT, 'mu');
  execFileSync('mu', ['init', `--maildir=${DATA}`, `--muhome=${muHome}`], { stdio: 'ignore' });
  results.push(timed('mu index', 'mu', ['index', `--muhome=${muHome}`]));
  const nmConf = join(OUT, 'notmuch-config');
  const nmDb = join(OUT, 'notmuch-db');
  mkdirSync(nmDb, { recursive: true });
  writeFileSync(
    nmConf,
    `[database]\npath=${nmDb}\nmail_root=${DATA}\n[new]\ntags=\n[maildir]\nsynchronize_flags=false\n`,
  );
  results.push(
    timed('notmuch new', 'notmuch', ['--config', nmConf, 'new', '--quiet'], { NOTMUCH_CONFIG: nmConf }),
  );
}

// Search latency, in-process through the library (what the CLI and the web server call).
const { Store } = await import(join(ROOT, 'dist/store/store.js'));
const { search } = await import(join(ROOT, 'dist/search/search.js'));
const store = Store.open(caseDir, { readonly: true });
// The 1,000 benchmark queries (bench/search/queries.mjs, shared with bench/search/run.ts).
const { queries, common } = benchmarkQueries();
const lat = [];
// warm-up: open the statements and the page cache once
for (const q of queries.slice(0, 20)) search(store, q, { limit: 20 });
for (const [i, q] of queries.entries()) {
  const t = performance.now();
  search(store, q, { limit: 20, sort: i % 2 ? 'date' : 'relevance' });
  lat.push(performance.now() - t);
}
const facetLat = [];
for (const q of queries.slice(0, 200)) {
  const t = performance.now();
  search(store, q, { limit: 20, facets: true });
  facetLat.push(performance.now() - t);
}
const pct = (a, p) => [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor((a.length * p) / 100))];
const counts = [];
if (!args.includes('--skip-peers')) {
  for (const w of ['budget', 'facture', 'factures', 'réunion', 'reunion', 'meeting', 'payer']) {
    const nm = Number(
      execFileSync('notmuch', ['--config', join(OUT, 'notmuch-config'), 'count', w], {
        encoding: 'utf8',
      }).trim(),
    );
    counts.push({ word: w, leaklens: search(store, `${w} kind:email`, { limit: 0 }).total, notmuch: nm });
  }
}
store.close();

const lk = results[0];
const report = {
  messages: n,
  runs: results.map(({ stdout, ...r }) => r),
  ratios: Object.fromEntries(
    results.slice(1).map((r) => [`leaklens/${r.label}`, +(lk.seconds / r.seconds).toFixed(2)]),
  ),
  search: {
    queries: lat.length,
    p50Ms: +pct(lat, 50).toFixed(2),
    p95Ms: +pct(lat, 95).toFixed(2),
    commonWordsP95Ms: +pct(
      common.map((i) => lat[i]),
      95,
    ).toFixed(2),
    rareWordsP95Ms: +pct(
      lat.filter((_, i) => i % 2),
      95,
    ).toFixed(2),
    facetsP95Ms: +pct(facetLat, 95).toFixed(2),
  },
  counts,
};
console.log(JSON.stringify(report, null, 2));
writeFileSync(join(ROOT, 'bench/out/ingest.json'), JSON.stringify(report, null, 2));
