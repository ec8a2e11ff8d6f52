#!/usr/bin/env node
// bench/team: the same generated maildir ingested (1) by the laptop ingest, SQLite, one process
// with one parser thread and with its default threads, (2) in team mode, PostgreSQL + Redis, with
// 1 and 2 `leaklens worker` processes. Wall time from enqueue to the last file done
// (`ingest --queue --wait`), throughput, peak RSS per process (VmHWM), and the ratios the issue
// asks for. Row counts are compared, so a fast wrong run cannot pass.
// With --baseline DIR (an earlier commit's tree, built: `git archive COMMIT src bin package.json
// tsconfig*.json | tar -x -C DIR`, node_modules linked, `tsc -p tsconfig.build.json` there), the
// team runs are repeated with that build's workers, alternating, for before/after ratios of one run.
// Usage: npm run build && node bench/team/run.mjs [--messages N] [--database URL] [--queue URL]
//          [--data DIR] [--out DIR] [--baseline DIR]
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(new URL('../..', import.meta.url).pathname);
const args = process.argv.slice(2);
const arg = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const n = Number(arg('--messages', '21075'));
const DB = arg('--database', 'postgres://root@127.0.0.1:5432/test');
const QUEUE = arg('--queue', 'redis://127.0.0.1:6379');
const DATA = resolve(arg('--data', join(ROOT, 'bench/data', n === 21075 ? 'maildir' : `maildir-${n}`)));
const OUT = resolve(arg('--out', join(ROOT, 'bench/out/team')));
const CLI = join(ROOT, 'bin/leaklens.js');
const BASELINE = args.includes('--baseline') ? resolve(arg('--baseline', '')) : null;
const BASE_CLI = BASELINE && join(BASELINE, 'dist/cli/main.js');
if (BASE_CLI && !existsSync(BASE_CLI))
  throw new Error(`--baseline: build ${BASELINE} first (no ${BASE_CLI})`);
rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
execFileSync(process.execPath, [join(ROOT, 'bench/ingest/generate.mjs'), DATA, '--messages', String(n)], {
  stdio: 'inherit',
});
if (!existsSync(join(ROOT, 'dist/cli/main.js')))
  throw new Error('run "npm run build" first: the benchmark times the compiled CLI');
const ENV = { ...process.env, LEAKLENS_PROGRESS: '0' };

/**
 * The machine's CPU use over a run, from /proc/stat: the cores busy on average (all processes, so
 * read it on a quiet machine), and the CPU seconds of PostgreSQL's processes. Two workers can only
 * be 1.7x one on 2 cores if one worker's run leaves more than 0.3 of them idle: these figures say
 * whether it does.
 */
function cpuSnapshot() {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = (f[3] ?? 0) + (f[4] ?? 0);
  const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
  let pg = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const st = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const close = st.lastIndexOf(')');
      if (!st.slice(st.indexOf('(') + 1, close).startsWith('postgres')) continue;
      const rest = st.slice(close + 2).split(' ');
      pg += Number(rest[11]) + Number(rest[12]);
    } catch {
      // gone meanwhile
    }
  }
  return { busy: total - idle, total, pg, t: Date.now() };
}
const HZ = 100;
function cpuSince(a) {
  const b = cpuSnapshot();
  return {
    coresBusy: +(((b.busy - a.busy) / Math.max(1, b.total - a.total)) * cpus().length).toFixed(2),
    postgresCpuSeconds: +((b.pg - a.pg) / HZ).toFixed(1),
  };
}

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
  const cpu0 = cpuSnapshot();
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
    ...cpuSince(cpu0),
  };
}

/** Stops a worker (SIGTERM, SIGKILL after 20 s); resolves at once if it has already exited. */
function stop(p) {
  if (p.exitCode !== null || p.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const kill = setTimeout(() => p.kill('SIGKILL'), 20_000);
    p.once('exit', () => {
      clearTimeout(kill);
      done();
    });
    p.kill('SIGTERM');
  });
}

/** `cli`: the workers' build (this tree's, or the baseline's); the enqueuer is always this tree's. */
async function team(workers, cli = CLI, tag = '') {
  const caseName = `bench_${workers}w${tag ? '_base' : ''}_${Date.now()}`;
  const blobs = join(OUT, `blobs-${workers}${tag ? '-base' : ''}`);
  const team = ['--database', DB, '--queue', QUEUE, '--case-name', caseName];
  const procs = Array.from({ length: workers }, () =>
    spawn(process.execPath, [cli, 'worker', ...team, '--blobs', blobs], {
      env: ENV,
      stdio: ['ignore', 'ignore', 'ignore'],
    }),
  );
  // The ingest alone, as on the laptop side: the analysis stages that follow a team ingest as jobs
  // (verify, metadata, triage) are left out here, OCR stays on on both sides (as --no-analyze does).
  const cpu0 = cpuSnapshot();
  const r = timedCli(['ingest', DATA, ...team, '--no-verify', '--no-analyze', '--wait', '--json']);
  const cpu = cpuSince(cpu0);
  const rss = procs.map((p) => peakMiB(p.pid));
  await Promise.all(procs.map(stop));
  spawnSync('psql', [DB, '-qc', `DROP SCHEMA IF EXISTS "case_${caseName.toLowerCase()}" CASCADE`]);
  rmSync(blobs, { recursive: true, force: true });
  return {
    label: `team, PostgreSQL, ${workers} worker process(es)${tag}`,
    seconds: r.seconds,
    rssMiB: [r.rssMiB, ...rss],
    emails: r.json.counts.emails,
    documents: r.json.counts.documents,
    failed: r.json.waited?.failed ?? null,
    ...cpu,
  };
}

const BASE_TAG = ', baseline build';
/** Each result on stderr as it comes (a loaded machine makes a run long). */
const shown = (r) => {
  process.stderr.write(`${JSON.stringify(r)}\n`);
  return r;
};
const results = [shown(laptop('laptop, SQLite, 1 parser thread', 1))];
if (BASE_CLI) results.push(shown(await team(1, BASE_CLI, BASE_TAG)));
results.push(shown(await team(1)));
results.push(shown(laptop('laptop, SQLite, default threads', null)));
if (BASE_CLI) results.push(shown(await team(2, BASE_CLI, BASE_TAG)));
results.push(shown(await team(2)));
const byLabel = (l) => results.find((r) => r.label === l);
const sqlite1 = results[0];
const pg1 = byLabel('team, PostgreSQL, 1 worker process(es)');
const pg2 = byLabel('team, PostgreSQL, 2 worker process(es)');
const base1 = byLabel(`team, PostgreSQL, 1 worker process(es)${BASE_TAG}`);
const base2 = byLabel(`team, PostgreSQL, 2 worker process(es)${BASE_TAG}`);
const summary = {
  messages: n,
  date: new Date().toISOString(),
  loadAverage: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number),
  results: results.map((r) => ({ ...r, msgsPerSecond: Math.round(n / r.seconds) })),
  pg1VsSqlite: +(pg1.seconds / sqlite1.seconds).toFixed(2),
  twoVsOneWorker: +(pg1.seconds / pg2.seconds).toFixed(2),
  ...(base1
    ? {
        baselinePg1VsSqlite: +(base1.seconds / sqlite1.seconds).toFixed(2),
        baselineTwoVsOneWorker: +(base1.seconds / base2.seconds).toFixed(2),
      }
    : {}),
  sameRows: results.every((r) => r.emails === sqlite1.emails && r.documents === sqlite1.documents),
};
writeFileSync(join(OUT, 'results.json'), `${JSON.stringify(summary, null, 2)}\n`);
console.log(JSON.stringify(summary, null, 2));
