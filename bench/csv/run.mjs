#!/usr/bin/env node
// bench/csv: leaklens `campaign import` + `campaign analyze` against pandas on the same
// FiveThirtyEight IRA CSV (generated with a fixed seed, 2,463,944 rows by default), alternating
// runs in this one process, median of ROUNDS (default 3). Wall seconds and peak RSS from
// /usr/bin/time; results in bench/out/csv-ira-ROWS.json.
// Usage: node bench/csv/run.mjs [--rows N] [--rounds R] [--path bulk|tolerant]
//   --path tolerant forces the JavaScript importer (LEAKLENS_BULK_BYTES=Infinity), for the
//   before/after figure.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(new URL('../..', import.meta.url).pathname);
const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const rows = Number(opt('--rows', 2463944));
const rounds = Number(opt('--rounds', 3));
const path = opt('--path', 'bulk');
const DATA = join(ROOT, 'bench/data', `ira-${rows}.csv`);
const OUT = join(ROOT, 'bench/out');
mkdirSync(join(ROOT, 'bench/data'), { recursive: true });
mkdirSync(OUT, { recursive: true });
if (!existsSync(DATA))
  execFileSync('npx', ['tsx', join(ROOT, 'bench/csv/generate.ts'), DATA, String(rows)], { stdio: 'inherit' });

/** Runs a command under /usr/bin/time; wall seconds, CPU seconds (user + system), peak RSS (MiB) and stdout. */
function timed(cmd, argv, env = {}) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M %U %S', cmd, ...argv], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  const last = r.stderr.trim().split('\n').pop() ?? '';
  const [secs, kb, user, sys] = last.split(' ').map(Number);
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} exited ${r.status}: ${r.stderr.slice(-800)}`);
  const cpu = +((user ?? 0) + (sys ?? 0)).toFixed(2);
  return { seconds: secs, cpuSeconds: cpu, rssMiB: Math.round((kb ?? 0) / 1024), stdout: r.stdout };
}

const kase = join(ROOT, 'bench/data/case-csv-ira');
const cli = join(ROOT, 'bin/leaklens.js');
const env = path === 'tolerant' ? { LEAKLENS_BULK_BYTES: 'Infinity' } : {};
function leaklens() {
  rmSync(kase, { recursive: true, force: true });
  const imp = timed(process.execPath, [cli, 'campaign', 'import', DATA, '--case', kase, '--json'], env);
  const ana = timed(process.execPath, [cli, 'campaign', 'analyze', '--case', kase, '--json']);
  const s = JSON.parse(imp.stdout);
  const a = JSON.parse(ana.stdout);
  rmSync(kase, { recursive: true, force: true });
  return {
    seconds: +(imp.seconds + ana.seconds).toFixed(2),
    importSeconds: imp.seconds,
    analyzeSeconds: ana.seconds,
    cpuSeconds: +(imp.cpuSeconds + ana.cpuSeconds).toFixed(2),
    importCpuSeconds: imp.cpuSeconds,
    analyzeCpuSeconds: ana.cpuSeconds,
    rssMiB: Math.max(imp.rssMiB, ana.rssMiB),
    posts: s.totalPosts ?? s.postsAdded,
    failures: s.failures?.length,
    accounts: a.accounts,
    topAccount: a.activeAccounts?.top?.accounts?.[0]?.handle ?? null,
    languages: a.languages?.byPosts?.slice(0, 3),
  };
}
function pandas() {
  const r = timed('/usr/bin/python3', [join(ROOT, 'bench/csv/pandas_ira.py'), DATA]);
  return { ...JSON.parse(r.stdout), seconds: r.seconds, cpuSeconds: r.cpuSeconds, rssMiB: r.rssMiB };
}

const runs = { leaklens: [], pandas: [] };
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
/** The figures so far, written after every run so a stopped benchmark keeps what it measured. */
function summary() {
  const ll = median(runs.leaklens.map((r) => r.seconds));
  const pd = median(runs.pandas.map((r) => r.seconds));
  const llCpu = median(runs.leaklens.map((r) => r.cpuSeconds));
  const pdCpu = median(runs.pandas.map((r) => r.cpuSeconds));
  const out = {
    rows,
    path,
    date: new Date().toISOString(),
    rounds: Math.min(runs.leaklens.length, runs.pandas.length),
    leaklens: {
      medianSeconds: ll,
      medianCpuSeconds: llCpu,
      peakRssMiB: Math.max(...runs.leaklens.map((r) => r.rssMiB)),
      runs: runs.leaklens,
    },
    pandas: {
      medianSeconds: pd,
      medianCpuSeconds: pdCpu,
      peakRssMiB: Math.max(...runs.pandas.map((r) => r.rssMiB)),
      runs: runs.pandas,
    },
    ratio: ll && pd ? +(ll / pd).toFixed(3) : null,
    cpuRatio: llCpu && pdCpu ? +(llCpu / pdCpu).toFixed(3) : null,
    target: 0.5,
  };
  writeFileSync(join(OUT, `csv-ira-${rows}-${path}.json`), JSON.stringify(out, null, 2));
  return out;
}
for (let i = 0; i < rounds; i++) {
  // Alternate which goes first, so neither always meets the warmer page cache.
  const order = i % 2 === 0 ? ['leaklens', 'pandas'] : ['pandas', 'leaklens'];
  for (const who of order) {
    const r = who === 'leaklens' ? leaklens() : pandas();
    runs[who].push(r);
    console.error(`round ${i + 1} ${who}: ${JSON.stringify(r)}`);
    summary();
  }
}
const out = summary();
const ll = out.leaklens.medianSeconds;
const pd = out.pandas.medianSeconds;
console.log(
  JSON.stringify({
    rows,
    path,
    leaklensSeconds: ll,
    pandasSeconds: pd,
    ratio: out.ratio,
    leaklensPeakMiB: out.leaklens.peakRssMiB,
    pandasPeakMiB: out.pandas.peakRssMiB,
  }),
);
