#!/usr/bin/env node
// bench/team/bump-cost.mjs: what the write-version triggers cost PostgreSQL per transaction of a
// worker's shape (a statement per ingest table, ten in all), measured as the CPU seconds of one
// backend (/proc/PID/stat) over N transactions, ALTERNATING between cases made by each build
// (e.g. main, whose statement triggers call their plpgsql function after every statement, and a
// build with migration 20), plus a case of the first build with the triggers dropped (the floor).
// Each transaction writes new rows (ids from a counter), as an ingest does.
// Usage: node bench/team/bump-cost.mjs --build LABEL=DIR [--build LABEL=DIR …] [--tx N] [--rounds N]
//          [--database URL] [--out FILE]
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { cpuTicks, HZ } from '../lib/proc-cpu.mjs';

const args = process.argv.slice(2);
const arg = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const DB = arg('--database', 'postgres://root@127.0.0.1:5432/test');
const TX = Number(arg('--tx', '1000'));
const ROUNDS = Number(arg('--rounds', '3'));
const OUT = arg('--out', null);
const builds = args.flatMap((a, i) => (a === '--build' ? [args[i + 1].split('=')] : []));
const ticks = cpuTicks;

const cases = [];
for (const [label, dir] of builds) {
  const { openCaseStore } = await import(join(resolve(dir), 'dist/case/open.js'));
  const name = `team_ingest_bump_${label.replace(/\W/g, '_')}_${Date.now()}`;
  const s = await openCaseStore({ databaseUrl: DB, caseName: name });
  const schema = s.db.schema;
  await s.close();
  cases.push({ label, schema });
}
{
  // The floor: the first build's case without any write-version trigger.
  const { openCaseStore } = await import(join(resolve(builds[0][1]), 'dist/case/open.js'));
  const s = await openCaseStore({ databaseUrl: DB, caseName: `team_ingest_bump_none_${Date.now()}` });
  const trig = await s.db.all(
    "SELECT g.tgname, c.relname FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid WHERE c.relnamespace = current_schema()::regnamespace AND (g.tgname LIKE '%case_writes%' OR g.tgname LIKE '%search_writes%')",
  );
  for (const t of trig) await s.db.exec(`DROP TRIGGER "${t.tgname}" ON "${t.relname}"`);
  cases.push({ label: `${builds[0][0]}, no write-version triggers`, schema: s.db.schema });
  await s.close();
}

let seq = 0;
async function run(c) {
  const client = new pg.Client({ connectionString: DB, options: `-c search_path=${c.schema},public` });
  await client.connect();
  try {
    const pid = (await client.query('SELECT pg_backend_pid() AS p')).rows[0].p;
    // The trigger functions' calls and time, per transaction (read before each COMMIT).
    await client.query("SET track_functions = 'pl'");
    const fn = { calls: 0, ms: 0 };
    const fnStats = async () => {
      const r = (
        await client.query(
          `SELECT coalesce(sum(pg_stat_get_xact_function_calls(p.oid)), 0) AS calls,
             coalesce(sum(pg_stat_get_xact_function_total_time(p.oid)), 0) AS ms
           FROM pg_proc p WHERE p.proname IN ('case_writes_bump', 'search_writes_bump')
             AND p.pronamespace = current_schema()::regnamespace`,
        )
      ).rows[0];
      return { calls: Number(r.calls), ms: Number(r.ms) };
    };
    // Warm: the first call of each plpgsql function in a session compiles it.
    await client.query('BEGIN');
    await client.query(
      "INSERT INTO journal(source, size, mtime_ms, status) VALUES ('warm', 1, 1, 'queued') ON CONFLICT DO NOTHING",
    );
    await client.query(
      "INSERT INTO items(id, kind, sha256, size, mime, name, status, provenance) VALUES ('warm', 'email', 'w', 1, 'm', 'x', 'ok', 'p') ON CONFLICT DO NOTHING",
    );
    await client.query('ROLLBACK');
    const t0 = ticks(pid);
    const w0 = Date.now();
    for (let i = 0; i < TX; i++) {
      const k = `${c.label}-${seq++}`;
      await client.query('BEGIN');
      // PostgreSQL 15 counts a backend's function calls until it reports them (at most once a
      // second): the transaction's own are the difference over it.
      const f0 = await fnStats();
      await client.query(
        "INSERT INTO blobs(sha256, size, mime) VALUES ($1, 1, 'text/plain') ON CONFLICT DO NOTHING",
        [k],
      );
      await client.query(
        "INSERT INTO items(id, kind, sha256, size, mime, name, status, provenance) VALUES ($1, 'email', $1, 1, 'message/rfc822', 'x', 'ok', 'p') ON CONFLICT DO NOTHING",
        [k],
      );
      await client.query(
        "INSERT INTO emails(id, subject, headers_json) VALUES ($1, 's', '{}') ON CONFLICT DO NOTHING",
        [k],
      );
      await client.query(
        "INSERT INTO addresses(item_id, role, address, name) VALUES ($1, 'from', 'a@b', '') ON CONFLICT DO NOTHING",
        [k],
      );
      await client.query(
        "INSERT INTO documents(id, filename, mime, text, language, metadata_json, warnings_json) SELECT $1, 'f', 'm', 't', 'en', '{}', '[]' WHERE false",
        [k],
      );
      await client.query(
        "INSERT INTO folders(id, format, name, entries, warnings_json) SELECT $1, 'f', 'n', 0, '[]' WHERE false",
        [k],
      );
      await client.query(
        "INSERT INTO locations(item_id, provenance, parent_id) VALUES ($1, 'p', null) ON CONFLICT DO NOTHING",
        [k],
      );
      await client.query(
        "INSERT INTO failures(id, provenance, sha256, reason, message, stage) SELECT $1, 'p', null, 'r', 'm', 's' WHERE false",
        [k],
      );
      await client.query(
        "INSERT INTO journal(source, size, mtime_ms, status) VALUES ($1, 1, 1, 'queued') ON CONFLICT DO NOTHING",
        [k],
      );
      await client.query("UPDATE journal SET status = 'done' WHERE source = $1", [k]);
      const f = await fnStats();
      fn.calls += f.calls - f0.calls;
      fn.ms += f.ms - f0.ms;
      await client.query('COMMIT');
    }
    return { seconds: (Date.now() - w0) / 1000, cpu: (ticks(pid) - t0) / HZ, fn };
  } finally {
    await client.end();
  }
}

const results = [];
try {
  for (let round = 1; round <= ROUNDS; round++) {
    for (const c of round % 2 ? cases : [...cases].reverse()) {
      const r = await run(c);
      const row = {
        case: c.label,
        round,
        transactions: TX,
        postgresCpuSeconds: +r.cpu.toFixed(2),
        microsecondsPerTransaction: Math.round((r.cpu / TX) * 1e6),
        triggerFunctionCallsPerTransaction: +(r.fn.calls / TX).toFixed(2),
        triggerFunctionMicrosecondsPerTransaction: Math.round((r.fn.ms / TX) * 1000),
        seconds: +r.seconds.toFixed(2),
        loadAverage: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number),
      };
      process.stderr.write(`${JSON.stringify(row)}\n`);
      results.push(row);
    }
  }
} finally {
  const admin = new pg.Client({ connectionString: DB });
  await admin.connect();
  for (const c of cases) await admin.query(`DROP SCHEMA IF EXISTS "${c.schema}" CASCADE`);
  await admin.end();
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const summary = {
  date: new Date().toISOString(),
  statementsPerTransaction: 10,
  results,
  medianMicrosecondsPerTransaction: Object.fromEntries(
    cases.map((c) => [
      c.label,
      median(results.filter((r) => r.case === c.label).map((r) => r.microsecondsPerTransaction)),
    ]),
  ),
  medianTriggerFunctionMicrosecondsPerTransaction: Object.fromEntries(
    cases.map((c) => [
      c.label,
      median(
        results.filter((r) => r.case === c.label).map((r) => r.triggerFunctionMicrosecondsPerTransaction),
      ),
    ]),
  ),
};
const json = `${JSON.stringify(summary, null, 2)}\n`;
if (OUT) writeFileSync(OUT, json);
console.log(json);
