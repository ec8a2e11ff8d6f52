#!/usr/bin/env node
// bench/bulk: `leaklens campaign import` of one generated file through the bulk path (DuckDB's
// readers) and through the JavaScript importer (LEAKLENS_BULK_BYTES=Infinity), alternating in
// this one process (bulk first in odd rounds), median of ROUNDS (default 3). Wall seconds and peak
// RSS from /usr/bin/time; both imports must give the same posts, accounts and failures.
// Usage: node bench/bulk/run.mjs --format bluesky|coortweet [--rows N] [--rounds R] [--data DIR]
//   bluesky: Jetstream JSON lines (default 1,000,000 events, about 450 MB);
//   coortweet: a CooRTweet CSV with a text column (default 3,000,000 rows, about 400 MB).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(new URL('../..', import.meta.url).pathname);
const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const format = opt('--format', 'bluesky');
const rows = Number(opt('--rows', format === 'bluesky' ? 1_000_000 : 3_000_000));
const rounds = Number(opt('--rounds', 3));
const dataDir = opt('--data', join(tmpdir(), 'leaklens-bench-bulk'));
const DATA = join(dataDir, `${format}-${rows}.${format === 'bluesky' ? 'jsonl' : 'csv'}`);
const OUT = join(ROOT, 'bench/out');
mkdirSync(dataDir, { recursive: true });
mkdirSync(OUT, { recursive: true });
if (!existsSync(DATA))
  execFileSync('npx', ['tsx', join(ROOT, 'bench/bulk/generate.ts'), format, DATA, String(rows)], {
    stdio: 'inherit',
  });

function timed(cmd, argv, env = {}) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', cmd, ...argv], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  const last = r.stderr.trim().split('\n').pop() ?? '';
  const [secs, kb] = last.split(' ').map(Number);
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} exited ${r.status}: ${r.stderr.slice(-800)}`);
  return { seconds: secs, rssMiB: Math.round((kb ?? 0) / 1024), stdout: r.stdout };
}

const cli = join(ROOT, 'bin/leaklens.js');
function run(path) {
  const kase = join(dataDir, `case-${path}`);
  rmSync(kase, { recursive: true, force: true });
  const env = path === 'tolerant' ? { LEAKLENS_BULK_BYTES: 'Infinity' } : { LEAKLENS_BULK_BYTES: '0' };
  const r = timed(process.execPath, [cli, 'campaign', 'import', DATA, '--case', kase, '--json'], env);
  const s = JSON.parse(r.stdout);
  rmSync(kase, { recursive: true, force: true });
  return {
    seconds: r.seconds,
    rssMiB: r.rssMiB,
    posts: s.postsAdded,
    accounts: s.accountsAdded,
    failures: s.failures?.length,
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
    console.error(`round ${i + 1} ${p}: ${r.seconds} s, ${r.rssMiB} MiB, ${r.posts} posts`);
  }
}
const same = ['posts', 'accounts', 'failures'].every((k) =>
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
  bulkRssMiB: median(runs.bulk.map((r) => r.rssMiB)),
  tolerantRssMiB: median(runs.tolerant.map((r) => r.rssMiB)),
  sameCounts: same,
  runs,
};
result.ratio = +(result.bulkSeconds / result.tolerantSeconds).toFixed(3);
const file = join(OUT, `bulk-${format}-${rows}.json`);
writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify({ file, ...result, runs: undefined }, null, 2));
