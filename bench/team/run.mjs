#!/usr/bin/env node
// bench/team: the same generated maildir ingested (1) by the laptop ingest, SQLite, one process
// with one parser thread and with its default threads, (2) in team mode, PostgreSQL + Redis, with
// 1 and 2 `leaklens worker` processes. Wall time from enqueue to the last file done
// (`ingest --queue --wait`), throughput, peak RSS per process (VmHWM), and the ratios the issue
// asks for. Row counts are compared, so a fast wrong run cannot pass.
// Usage: npm run build && node bench/team/run.mjs [--messages N] [--database URL] [--queue URL]
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(new URL('../..', import.meta.url).pathname);
const args = process.argv.slice(2);
const arg = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const n = Number(arg('--messages', '21075'));
const DB = arg('--database', 'postgres://root@127.0.0.1:5432/test');
const QUEUE = arg('--queue', 'redis://127.0.0.1:6379');
const DATA = join(ROOT, 'bench/data', n === 21075 ? 'maildir' : `maildir-${n}`);
const OUT = join(ROOT, 'bench/out/team');
const CLI = join(ROOT, 'bin/leaklens.js');
rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
execFileSync(process.execPath, [join(ROOT, 'bench/ingest/generate.mjs'), DATA, '--messages', String(n)], {
  stdio: 'inherit',
});
if (!existsSync(join(ROOT, 'dist/cli/main.js')))
  throw new Error('run "npm run build" first: the benchmark times the compiled CLI');
const ENV = { ...process.env, LEAKLENS_PROGRESS: '0' };

/** Runs the CLI under /usr/bin/time: wall seconds, peak RSS (MiB) and parsed --json output. */
function timedCli(argv) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', process.execPath, CLI, ...argv], {
    env: ENV,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const [secs, kb] = (r.stderr.trim().split('\n').pop() ?? '').split(' ').map(Number);
  if (r.status !== 0) throw new Error(`leaklens ${argv[0]} exited ${r.status}: ${r.stderr.slice(-800)}`);
  return { seconds: secs, rssMiB: Math.round((kb ?? 0) / 1024), json: JSON.parse(r.stdout) };
}

/** Peak resident memory of a running process (Linux VmHWM), in MiB. */
function peakMiB(pid) {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : null;
}

/** `workers`: parser threads, or null for the default (one per core). */
function laptop(label, workers) {
  const caseDir = join(OUT, `case-${workers ?? 'default'}`);
  const threads = workers === null ? [] : ['--workers', String(workers)];
  const r = timedCli([
    'ingest',
    DATA,
    '--case',
    caseDir,
    '--no-verify',
    '--no-analyze',
    ...threads,
    '--json',
  ]);
  return {
    label,
    seconds: r.seconds,
    rssMiB: [r.rssMiB],
    emails: r.json.totals.emails,
    documents: r.json.totals.documents,
  };
}

async function team(workers) {
  const caseName = `bench_${workers}w_${Date.now()}`;
  const blobs = join(OUT, `blobs-${workers}`);
  const team = ['--database', DB, '--queue', QUEUE, '--case-name', caseName];
  const procs = Array.from({ length: workers }, (_, i) =>
    spawn(process.execPath, [CLI, 'worker', ...team, '--blobs', blobs], {
      env: ENV,
      stdio: ['ignore', 'ignore', 'ignore'],
    }),
  );
  const r = timedCli(['ingest', DATA, ...team, '--wait', '--json']);
  const rss = procs.map((p) => peakMiB(p.pid));
  await Promise.all(procs.map((p) => new Promise((done) => p.once('exit', done) && p.kill('SIGTERM'))));
  spawnSync('psql', [DB, '-qc', `DROP SCHEMA IF EXISTS "case_${caseName.toLowerCase()}" CASCADE`]);
  return {
    label: `team, PostgreSQL, ${workers} worker process(es)`,
    seconds: r.seconds,
    rssMiB: [r.rssMiB, ...rss],
    emails: r.json.counts.emails,
    documents: r.json.counts.documents,
    failed: r.json.waited?.failed ?? null,
  };
}

const results = [
  laptop('laptop, SQLite, 1 parser thread', 1),
  laptop('laptop, SQLite, default threads', null),
];
results.push(await team(1));
results.push(await team(2));
const [sqlite1, , pg1, pg2] = results;
const summary = {
  messages: n,
  results: results.map((r) => ({ ...r, msgsPerSecond: Math.round(n / r.seconds) })),
  pg1VsSqlite: +(pg1.seconds / sqlite1.seconds).toFixed(2),
  twoVsOneWorker: +(pg1.seconds / pg2.seconds).toFixed(2),
  sameRows: results.every((r) => r.emails === sqlite1.emails && r.documents === sqlite1.documents),
};
writeFileSync(join(OUT, 'results.json'), `${JSON.stringify(summary, null, 2)}\n`);
console.log(JSON.stringify(summary, null, 2));
