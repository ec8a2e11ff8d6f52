#!/usr/bin/env node
// bench/team/write-path.mjs: the database side of a team worker's ingest alone, without parsing,
// so that what a schema change costs PostgreSQL per write can be measured on a loaded machine.
// The maildir is parsed once by the build's own worker code (ingestJob with its parser pool) into
// a scratch case while every group commit's records are captured; then the same commits, job by
// job (the job kept in `ingest_jobs` at enqueue and forgotten at its end, as `ingest` and
// `leaklens worker` do), are replayed into fresh cases of each variant, ALTERNATING, and the CPU
// seconds of the PostgreSQL backend(s) (/proc/PID/stat, found by application_name) and of this
// process are recorded. Variants: `as-is`; `no-case-writes-triggers` (migration 19's triggers
// dropped after the migrations ran); `no-ingest-jobs` (no ingest_jobs rows written).
// Usage: node bench/team/write-path.mjs --build DIR --data MAILDIR [--rounds N] [--database URL]
//          [--variants as-is,no-case-writes-triggers,no-ingest-jobs] [--out FILE]
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { cpuTicks, HZ } from '../lib/proc-cpu.mjs';

const args = process.argv.slice(2);
const arg = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const BUILD = resolve(arg('--build', '.'));
const DATA = resolve(arg('--data', ''));
const DB = arg('--database', 'postgres://root@127.0.0.1:5432/test');
const ROUNDS = Number(arg('--rounds', '3'));
const VARIANTS = arg('--variants', 'as-is,no-case-writes-triggers,no-ingest-jobs').split(',');
const OUT = arg('--out', null);
const PREFIX = arg('--prefix', 'team_ingest_wp');

const { openCaseStore } = await import(join(BUILD, 'dist/case/open.js'));
const { enumerateInputs } = await import(join(BUILD, 'dist/ingest/enumerate.js'));
const { groupTasks, ingestJobId } = await import(join(BUILD, 'dist/team/queue.js'));
const { ingestJob } = await import(join(BUILD, 'dist/team/worker.js'));
const { ParserPool } = await import(join(BUILD, 'dist/ingest/pool.js'));
const { DEFAULT_LIMITS } = await import(join(BUILD, 'dist/ingest/limits.js'));
const resume = await import(join(BUILD, 'dist/team/ingest-resume.js'));

const ticks = cpuTicks;
const monitor = new pg.Client({ connectionString: DB, application_name: `${PREFIX}_monitor` });
await monitor.connect();
const backends = async (app) =>
  (await monitor.query('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [app])).rows.map(
    (r) => r.pid,
  );

async function open(caseName) {
  process.env.PGAPPNAME = caseName;
  return openCaseStore({ databaseUrl: DB, caseName });
}

// 1. Parse once, capturing each job's group commits.
const { tasks } = enumerateInputs([DATA]);
const jobs = groupTasks(tasks).map((t) => ({ id: ingestJobId(t), data: { tasks: t } }));
const captureName = `${PREFIX}_capture_${Date.now()}`;
const capture = await open(captureName);
await capture.markJournal(
  tasks.map((t) => ({ source: t.path, size: t.size, mtime_ms: t.mtimeMs })),
  'queued',
);
const blobs = mkdtempSync(join(tmpdir(), 'wp-blobs-'));
const pool = new ParserPool(1, blobs, DEFAULT_LIMITS);
const captured = [];
const apply = capture.applyRecords.bind(capture);
let current;
capture.applyRecords = (recs, done = []) => {
  current.push([recs, done]);
  return apply(recs, done);
};
for (const job of jobs) {
  current = [];
  captured.push({ job, commits: current });
  await ingestJob(capture, pool, job.data);
}
pool.close();
await capture.db.dropSchema();
await capture.close();
rmSync(blobs, { recursive: true, force: true });
const commits = captured.reduce((a, j) => a + j.commits.length, 0);
process.stderr.write(`captured ${jobs.length} jobs, ${commits} commits\n`);

// 2. Replay into a fresh case per variant and round.
async function replay(variant, round) {
  const name = `${PREFIX}_${variant.replace(/\W/g, '_')}_${round}_${Date.now()}`;
  const store = await open(name);
  try {
    if (variant === 'no-case-writes-triggers') {
      const trig = await store.db.all(
        "SELECT t.tgname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE c.relnamespace = current_schema()::regnamespace AND t.tgname LIKE '%case_writes%'",
      );
      for (const t of trig) await store.db.exec(`DROP TRIGGER "${t.tgname}" ON "${t.relname}"`);
    }
    if (variant === 'case-writes-when') {
      // Migration 20's triggers, applied by hand: the bump's plpgsql function called only until
      // the transaction has bumped (a WHEN on the statement triggers).
      const trig = await store.db.all(
        "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE c.relnamespace = current_schema()::regnamespace AND t.tgname = c.relname || '_case_writes'",
      );
      for (const t of trig)
        await store.db.exec(`DROP TRIGGER "${t.relname}_case_writes" ON "${t.relname}";
CREATE TRIGGER "${t.relname}_case_writes" AFTER INSERT OR UPDATE OR DELETE ON "${t.relname}" FOR EACH STATEMENT
  WHEN (current_setting('leaklens.case_bumped', true) IS DISTINCT FROM 'on') EXECUTE FUNCTION case_writes_bump()`);
    }
    await store.markJournal(
      tasks.map((t) => ({ source: t.path, size: t.size, mtime_ms: t.mtimeMs })),
      'queued',
    );
    const pids0 = await backends(name);
    const pg0 = new Map(pids0.map((p) => [p, ticks(p)]));
    const cpu0 = process.cpuUsage();
    const t0 = Date.now();
    if (variant !== 'no-ingest-jobs') await resume.keepIngestJobs(store, jobs);
    for (const { job, commits } of captured) {
      for (const [recs, done] of commits) await store.applyRecords(recs, done);
      if (variant !== 'no-ingest-jobs') await resume.forgetIngestJob(store, job.id);
    }
    const seconds = (Date.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    let pgTicks = 0;
    for (const p of await backends(name)) pgTicks += ticks(p) - (pg0.get(p) ?? 0);
    return {
      variant,
      round,
      seconds: +seconds.toFixed(2),
      postgresCpuSeconds: +(pgTicks / HZ).toFixed(2),
      nodeCpuSeconds: +((cpu.user + cpu.system) / 1e6).toFixed(2),
      loadAverage: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number),
    };
  } finally {
    await store.db.dropSchema();
    await store.close();
  }
}

const results = [];
for (let round = 1; round <= ROUNDS; round++) {
  for (const v of round % 2 ? VARIANTS : [...VARIANTS].reverse()) {
    const r = await replay(v, round);
    process.stderr.write(`${JSON.stringify(r)}\n`);
    results.push(r);
  }
}
await monitor.end();
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const medians = Object.fromEntries(
  VARIANTS.map((v) => {
    const rs = results.filter((r) => r.variant === v);
    return [
      v,
      {
        seconds: median(rs.map((r) => r.seconds)),
        postgresCpuSeconds: median(rs.map((r) => r.postgresCpuSeconds)),
        nodeCpuSeconds: median(rs.map((r) => r.nodeCpuSeconds)),
      },
    ];
  }),
);
const summary = {
  files: tasks.length,
  jobs: jobs.length,
  commits,
  date: new Date().toISOString(),
  results,
  medians,
};
const json = `${JSON.stringify(summary, null, 2)}\n`;
if (OUT) writeFileSync(OUT, json);
console.log(json);
