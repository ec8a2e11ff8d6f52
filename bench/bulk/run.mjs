#!/usr/bin/env node
// bench/bulk: `leaklens campaign import` of one generated file through the bulk path (DuckDB's
// readers) and through the JavaScript importer (LEAKLENS_BULK_BYTES=Infinity), alternating in
// this one process (bulk first in odd rounds), median of ROUNDS (default 3). Wall seconds and peak
// RSS from /usr/bin/time; both imports must give the same posts, accounts and failures.
// Usage: node bench/bulk/run.mjs --format bluesky|coortweet|x-v2|mastodon [--rows N] [--rounds R] [--data DIR]
//   bluesky: Jetstream JSON lines (default 1,000,000 events, about 450 MB);
//   coortweet: a CooRTweet CSV with a text column (default 3,000,000 rows, about 400 MB);
//   x-v2: twarc2 pages of X API v2 tweets (default 1,000,000 tweets of data);
//   mastodon: Mastodon statuses one a line (default 1,000,000).
// Each run also records its CPU seconds (user + system) and the load average when it started,
// and runs `campaign analyze --json` on the case it made: both paths must give the same output.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(new URL('../..', import.meta.url).pathname);
const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const format = opt('--format', 'bluesky');
const rows = Number(opt('--rows', format === 'coortweet' ? 3_000_000 : 1_000_000));
const rounds = Number(opt('--rounds', 3));
const dataDir = opt('--data', join(tmpdir(), 'leaklens-bench-bulk'));
const DATA = join(dataDir, `${format}-${rows}.${format === 'coortweet' ? 'csv' : 'jsonl'}`);
const OUT = join(ROOT, 'bench/out');
mkdirSync(dataDir, { recursive: true });
mkdirSync(OUT, { recursive: true });
if (!existsSync(DATA))
  execFileSync('npx', ['tsx', join(ROOT, 'bench/bulk/generate.ts'), format, DATA, String(rows)], {
    stdio: 'inherit',
  });

function timed(cmd, argv, env = {}) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M %U %S', cmd, ...argv], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  const last = r.stderr.trim().split('\n').pop() ?? '';
  const [secs, kb, user, sys] = last.split(' ').map(Number);
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} exited ${r.status}: ${r.stderr.slice(-800)}`);
  return {
    seconds: secs,
    cpu: +((user ?? 0) + (sys ?? 0)).toFixed(2),
    rssMiB: Math.round((kb ?? 0) / 1024),
    stdout: r.stdout,
  };
}

const cli = join(ROOT, 'bin/leaklens.js');
const load1 = () => Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
function run(path) {
  // One case folder for both paths, so `campaign analyze --json` (which names it) can be compared.
  const kase = join(dataDir, 'case');
  rmSync(kase, { recursive: true, force: true });
  const env = path === 'tolerant' ? { LEAKLENS_BULK_BYTES: 'Infinity' } : { LEAKLENS_BULK_BYTES: '0' };
  const load = load1();
  const r = timed(process.execPath, [cli, 'campaign', 'import', DATA, '--case', kase, '--json'], env);
  const s = JSON.parse(r.stdout);
  const a = spawnSync(process.execPath, [cli, 'campaign', 'analyze', '--case', kase, '--json'], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  rmSync(kase, { recursive: true, force: true });
  return {
    seconds: r.seconds,
    cpu: r.cpu,
    rssMiB: r.rssMiB,
    load,
    posts: s.postsAdded,
    accounts: s.accountsAdded,
    failures: s.failures?.length,
    bulkRows: s.files?.reduce((n, f) => n + (f.bulkRows ?? 0), 0),
    analyze:
      a.status === 0 ? createHash('sha256').update(a.stdout).digest('hex').slice(0, 16) : `exit ${a.status}`,
  };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : +((s[m - 1] + s[m]) / 2).toFixed(2);
};
const runs = { bulk: [], tolerant: [] };
for (let i = 0; i < rounds; i++) {
  const order = i % 2 === 0 ? ['bulk', 'tolerant'] : ['tolerant', 'bulk'];
  for (const p of order) {
    const r = run(p);
    runs[p].push(r);
    console.error(
      `round ${i + 1} ${p}: ${r.seconds} s wall, ${r.cpu} s CPU, ${r.rssMiB} MiB, load ${r.load}, ${r.posts} posts (${r.bulkRows} bulk), analyze ${r.analyze}`,
    );
  }
}
const same = ['posts', 'accounts', 'failures', 'analyze'].every((k) =>
  runs.bulk.every((r, i) => r[k] === runs.tolerant[i]?.[k]),
);
const result = {
  format,
  rows,
  rounds,
  date: new Date().toISOString(),
  loadAverage: execFileSync('uptime', { encoding: 'utf8' }).trim(),
  bulkSeconds: median(runs.bulk.map((r) => r.seconds)),
  tolerantSeconds: median(runs.tolerant.map((r) => r.seconds)),
  bulkCpu: median(runs.bulk.map((r) => r.cpu)),
  tolerantCpu: median(runs.tolerant.map((r) => r.cpu)),
  bulkRssMiB: median(runs.bulk.map((r) => r.rssMiB)),
  tolerantRssMiB: median(runs.tolerant.map((r) => r.rssMiB)),
  sameCountsAndAnalyze: same,
  runs,
};
result.ratio = +(result.bulkSeconds / result.tolerantSeconds).toFixed(3);
result.cpuRatio = +(result.bulkCpu / result.tolerantCpu).toFixed(3);
const file = join(OUT, `bulk-${format}-${rows}.json`);
writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify({ file, ...result, runs: undefined }, null, 2));
