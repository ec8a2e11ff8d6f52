// bench/team/pages: what /api/overview and /api/suspects cost on a team case (PostgreSQL) against
// a laptop case (SQLite) of the same dump, in the same run, alternating which goes first each
// round, with the load average at each round. Both cases must already hold the same dump (a laptop
// `ingest`, and a team ingest by workers with the verify and metadata jobs, triage copied or run).
// The answers of both are compared first, so a fast wrong reader cannot pass.
//   in-process: the readers behind the routes, computed (the overview's cache bypassed):
//     overview = caseFacts + caseHeadlines, suspects = findSuspects + caseHeadlines
//   http: two `leaklens serve` processes (laptop, team --database), GET each route as a reader
//     would, after the first request (the overview's kept value then answers).
// Usage: node --import tsx bench/team/pages.ts --case DIR --database URL --case-name NAME
//          [--rounds 10] [--http] [--out FILE.json]
import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { caseFacts } from '../../src/analyze/case-facts.js';
import { caseSchema } from '../../src/case/open.js';
import { PgDb } from '../../src/case/pg-db.js';
import type { SqlDb } from '../../src/case/sql-db.js';
import { SqliteDb } from '../../src/case/sqlite-db.js';
import { Store } from '../../src/store/store.js';
import { caseHeadlines, findSuspects } from '../../src/suspects/index.js';

const ROOT = resolve(import.meta.dirname, '../..');
const args = process.argv.slice(2);
const arg = (name: string, dflt?: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const CASE = resolve(arg('--case') ?? '');
const URL_ = arg('--database', 'postgres://root@127.0.0.1:5432/test') as string;
const NAME = arg('--case-name') ?? '';
const rounds = Number(arg('--rounds', '10'));
const out = arg('--out');
const log = (s: string) => process.stderr.write(`${s}\n`);
const r1 = (x: number) => Math.round(x * 10) / 10;
const median = (a: number[]) => {
  const s = [...a].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const laptop = Store.open(CASE);
const sqlite = new SqliteDb(laptop.db);
const pg = await PgDb.connect(URL_, caseSchema(NAME));

const overview = async (db: SqlDb) => ({ facts: await caseFacts(db), headlines: await caseHeadlines(db) });
const suspects = async (db: SqlDb) => {
  const r = await findSuspects(db);
  return { ...r, headlines: await caseHeadlines(db, r) };
};
const plain = (v: unknown) => JSON.stringify(v);

// 1. The same answers.
for (const [name, f] of [
  ['overview', overview],
  ['suspects', suspects],
] as const) {
  const [a, b] = [plain(await f(sqlite)), plain(await f(pg))];
  if (a !== b) throw new Error(`${name}: the team case answers differently from the laptop case`);
}
const s0 = await findSuspects(sqlite);
log(`same answers; ${s0.suspects.length} suspects, ${(await caseFacts(sqlite)).counts.emails} e-mails`);

// 2. In-process, alternating.
type Series = { sqlite: number[]; postgres: number[]; load: number[] };
const series = (): Series => ({ sqlite: [], postgres: [], load: [] });
const inProcess: Record<string, Series> = { overview: series(), suspects: series() };
const time = async (f: () => Promise<unknown>) => {
  const t = performance.now();
  await f();
  return performance.now() - t;
};
for (let i = 0; i < rounds; i++) {
  for (const [name, f] of [
    ['overview', overview],
    ['suspects', suspects],
  ] as const) {
    const s = inProcess[name]!;
    s.load.push(loadavg()[0]!);
    const order = i % 2 ? (['postgres', 'sqlite'] as const) : (['sqlite', 'postgres'] as const);
    for (const which of order) s[which].push(await time(() => f(which === 'sqlite' ? sqlite : pg)));
  }
  log(`round ${i + 1}/${rounds} load ${loadavg()[0]!.toFixed(1)}`);
}

// 3. Over HTTP, two server processes (optional).
const http: Record<string, Series> = {};
if (args.includes('--http')) {
  const start = (extra: string[]) =>
    new Promise<{ child: ChildProcess; base: string }>((res, rej) => {
      const child = spawn(
        process.execPath,
        [join(ROOT, 'bin/leaklens.js'), 'serve', '--port', '0', ...extra],
        {
          stdio: ['ignore', 'ignore', 'pipe'],
          env: { ...process.env, LEAKLENS_PROGRESS: '0' },
        },
      );
      let err = '';
      child.stderr?.on('data', (d: Buffer) => {
        err += d;
        const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(err);
        if (m) res({ child, base: `http://127.0.0.1:${m[1]}` });
      });
      child.once('exit', (c) => rej(new Error(`serve exited ${c}: ${err}`)));
    });
  const l = await start(['--case', CASE]);
  const t = await start(['--database', URL_, '--case-name', NAME]);
  try {
    for (const route of ['/api/overview', '/api/suspects']) {
      const s = series();
      http[route] = s;
      const [a, b] = await Promise.all([l, t].map(async (x) => (await fetch(x.base + route)).json()));
      delete (a as { case?: string }).case;
      delete (b as { case?: string }).case;
      if (plain(a) !== plain(b)) throw new Error(`${route}: the servers answer differently`);
      for (let i = 0; i < rounds; i++) {
        s.load.push(loadavg()[0]!);
        const order = i % 2 ? [t, l] : [l, t];
        for (const x of order) {
          const ms = await time(async () => (await fetch(x.base + route)).arrayBuffer());
          (x === l ? s.sqlite : s.postgres).push(ms);
        }
      }
    }
  } finally {
    l.child.kill('SIGTERM');
    t.child.kill('SIGTERM');
  }
}

const summary = (s: Series) => ({
  sqliteMedianMs: r1(median(s.sqlite)),
  postgresMedianMs: r1(median(s.postgres)),
  ratio: Math.round((100 * median(s.postgres)) / median(s.sqlite)) / 100,
  load: [r1(Math.min(...s.load)), r1(Math.max(...s.load))],
});
const result = {
  case: CASE,
  teamCase: NAME,
  rounds,
  suspects: s0.suspects.length,
  inProcess: Object.fromEntries(Object.entries(inProcess).map(([k, s]) => [k, { ...summary(s), raw: s }])),
  http: Object.fromEntries(Object.entries(http).map(([k, s]) => [k, { ...summary(s), raw: s }])),
};
console.log(
  JSON.stringify(
    {
      ...result,
      inProcess: Object.fromEntries(
        Object.entries(result.inProcess).map(([k, v]) => [k, { ...v, raw: undefined }]),
      ),
      http: Object.fromEntries(Object.entries(result.http).map(([k, v]) => [k, { ...v, raw: undefined }])),
    },
    null,
    2,
  ),
);
if (out) writeFileSync(out, JSON.stringify(result, null, 2));
laptop.close();
await pg.close();
