#!/usr/bin/env node
// bench/team/ab.mjs: team ingests of one maildir by several builds, ALTERNATING rounds, with the
// CPU seconds each side really spent, measured per process rather than for the whole machine (the
// machine and its PostgreSQL are shared, so neither /proc/stat nor the sum of every postgres
// process says what one run cost): the worker processes and their parser children (utime+stime of
// the process tree), the `ingest --wait` CLI (enqueue and wait), and the PostgreSQL backends of the
// run (found by application_name, which the run sets through PGAPPNAME, their /proc/PID/stat
// sampled every 200 ms and just before the workers stop). Row counts are compared across builds.
// Each build's own CLI enqueues and works, so each side writes what its version writes.
// Usage: node bench/team/ab.mjs --data MAILDIR --build LABEL=DIR [--build LABEL=DIR …]
//          [--rounds N] [--workers N] [--database URL] [--queue URL] [--out FILE]
// (a build DIR is a tree with dist/ built and node_modules linked, e.g. a worktree of a commit.)
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { cpuTicks, HZ } from '../lib/proc-cpu.mjs';

const args = process.argv.slice(2);
const arg = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const all = (name) => args.flatMap((a, i) => (a === name ? [args[i + 1]] : []));
const DATA = resolve(arg('--data', ''));
if (!existsSync(DATA)) throw new Error(`--data: no maildir at ${DATA}`);
const DB = arg('--database', 'postgres://root@127.0.0.1:5432/test');
const QUEUE = arg('--queue', 'redis://127.0.0.1:6379');
const ROUNDS = Number(arg('--rounds', '3'));
const WORKERS = Number(arg('--workers', '1'));
const OUT = arg('--out', null);
const BUILDS = all('--build').map((b) => {
  const [label, dir] = b.split('=');
  const cli = join(resolve(dir), 'dist/cli/main.js');
  if (!existsSync(cli)) throw new Error(`--build ${label}: build ${dir} first (no ${cli})`);
  return { label, cli };
});
if (!BUILDS.length) throw new Error('give at least one --build LABEL=DIR');
const ticks = cpuTicks;
/** The pids of a process and its descendants. */
function tree(root) {
  const kids = new Map();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const st = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(st.slice(st.lastIndexOf(')') + 2).split(' ')[1]);
      kids.set(ppid, [...(kids.get(ppid) ?? []), Number(d)]);
    } catch {
      // gone meanwhile
    }
  }
  const out = [];
  const walk = (p) => {
    out.push(p);
    for (const k of kids.get(p) ?? []) walk(k);
  };
  walk(root);
  return out;
}

const monitor = new pg.Client({ connectionString: DB, application_name: 'ab-monitor' });
await monitor.connect();

async function run(build, round) {
  const tag = `ab_${build.label.replace(/\W/g, '_')}_${round}_${Date.now()}`;
  const caseName = tag;
  const blobs = mkdtempSync(join(tmpdir(), 'ab-blobs-'));
  const team = ['--database', DB, '--queue', QUEUE, '--case-name', caseName];
  const env = (app) => ({ ...process.env, LEAKLENS_PROGRESS: '0', PGAPPNAME: app });
  const workers = Array.from({ length: WORKERS }, () =>
    spawn(process.execPath, [build.cli, 'worker', ...team, '--blobs', blobs], {
      env: env(`${tag}_w`),
      stdio: ['ignore', 'ignore', 'ignore'],
    }),
  );
  // Worker process trees and PostgreSQL backends, sampled: the last figure of each pid is kept.
  const seen = new Map();
  const sample = async () => {
    for (const w of workers)
      for (const p of tree(w.pid)) seen.set(`n${p}`, Math.max(seen.get(`n${p}`) ?? 0, ticks(p)));
    const r = await monitor.query(
      'SELECT pid, application_name FROM pg_stat_activity WHERE application_name LIKE $1',
      [`${tag}_%`],
    );
    for (const { pid, application_name } of r.rows) {
      const k = `${application_name.endsWith('_w') ? 'pw' : 'pe'}${pid}`;
      seen.set(k, Math.max(seen.get(k) ?? 0, ticks(pid)));
    }
  };
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      await sample();
      await new Promise((r) => setTimeout(r, 200));
    }
  })();
  const t0 = Date.now();
  const r = await new Promise((done) => {
    const p = spawn(
      '/usr/bin/time',
      [
        '-f',
        '%U %S',
        process.execPath,
        build.cli,
        'ingest',
        DATA,
        ...team,
        '--no-verify',
        '--no-analyze',
        '--wait',
        '--json',
      ],
      { env: env(`${tag}_e`), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const out = { stdout: '', stderr: '' };
    p.stdout.on('data', (d) => {
      out.stdout += d;
    });
    p.stderr.on('data', (d) => {
      out.stderr += d;
    });
    p.on('close', (status) => done({ ...out, status }));
  });
  const seconds = (Date.now() - t0) / 1000;
  sampling = false;
  await sampler;
  await sample();
  if (r.status !== 0) throw new Error(`${build.label}: ingest exited ${r.status}: ${r.stderr.slice(-800)}`);
  const [eu, es] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  const json = JSON.parse(r.stdout);
  await Promise.all(
    workers.map(
      (w) =>
        new Promise((done) => {
          if (w.exitCode !== null) return done();
          const k = setTimeout(() => w.kill('SIGKILL'), 20_000);
          w.once('exit', () => {
            clearTimeout(k);
            done();
          });
          w.kill('SIGTERM');
        }),
    ),
  );
  spawnSync('psql', [DB, '-qc', `DROP SCHEMA IF EXISTS "case_${caseName.toLowerCase()}" CASCADE`]);
  rmSync(blobs, { recursive: true, force: true });
  const sum = (p) => [...seen].filter(([k]) => k.startsWith(p)).reduce((a, [, v]) => a + v, 0) / HZ;
  const loadAverage = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);
  return {
    build: build.label,
    round,
    seconds: +seconds.toFixed(1),
    workerCpuSeconds: +sum('n').toFixed(1),
    postgresCpuSecondsWorkers: +sum('pw').toFixed(1),
    postgresCpuSecondsIngestCli: +sum('pe').toFixed(1),
    ingestCliCpuSeconds: +(eu + es).toFixed(1),
    emails: json.counts.emails,
    documents: json.counts.documents,
    failed: json.waited?.failed ?? null,
    loadAverage,
  };
}

const results = [];
try {
  for (let round = 1; round <= ROUNDS; round++) {
    const order = round % 2 ? BUILDS : [...BUILDS].reverse();
    for (const b of order) {
      const res = await run(b, round);
      process.stderr.write(`${JSON.stringify(res)}\n`);
      results.push(res);
    }
  }
} finally {
  await monitor.end();
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const keys = [
  'seconds',
  'workerCpuSeconds',
  'postgresCpuSecondsWorkers',
  'postgresCpuSecondsIngestCli',
  'ingestCliCpuSeconds',
];
const medians = Object.fromEntries(
  BUILDS.map((b) => [
    b.label,
    Object.fromEntries(
      keys.map((k) => [k, +median(results.filter((r) => r.build === b.label).map((r) => r[k])).toFixed(2)]),
    ),
  ]),
);
const summary = {
  data: 'DATA',
  workers: WORKERS,
  rounds: ROUNDS,
  date: new Date().toISOString(),
  results,
  medians,
  sameRows: results.every((r) => r.emails === results[0].emails && r.documents === results[0].documents),
};
const json = `${JSON.stringify(summary, null, 2)}\n`;
if (OUT) writeFileSync(OUT, json);
console.log(json);
