/**
 * The workbench with 1 and 2 server processes (`serve --processes N`), 200 concurrent signed-in
 * clients for 60 s each, on the small demo case (issue #15): exact p50/p95/p99 over every
 * response, requests/s, errors, timeouts and non-2xx. Runs alternate and the median of each is
 * reported, because the machine is shared.
 *
 * Two servers can be measured side by side in the same run, alternating: the laptop server on the
 * case directory (SQLite) and the team server on the same demo ingested into PostgreSQL
 * (`serve --database URL --case-name NAME --blobs DIR`, docs/team.md); ratios are team ÷ laptop.
 *
 *   leaklens demo --out /tmp/demo            # the small demo (400 e-mails)
 *   leaklens worker --database URL --queue redis://… --case-name demo --blobs /tmp/demo-blobs &
 *   leaklens ingest /tmp/demo/dump --database URL --queue redis://… --case-name demo --wait
 *   node --import tsx bench/web-load/run.ts --case /tmp/demo/case \
 *     [--database URL --case-name demo --blobs /tmp/demo-blobs --servers laptop,team] \
 *     [--processes 1,2] [--connections 200] [--duration 60] [--runs 3]
 *
 * Every client carries a session cookie, so each request looks its session up in the case
 * database (as a team server does), and item views and searches are written to the audit log.
 * The mix is bench/web's (one search per message view) plus the annotations poll of each view.
 * Target: p95 ≤ 100 ms, zero errors.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { Users } from '../../src/accounts/users.js';
import type { SqlCaseStore } from '../../src/case/case-store.js';
import { type CaseLocation, caseSchema, openCaseStore } from '../../src/case/open.js';
import { mixOf } from './mix.mjs';

const { values: args } = parseArgs({
  options: {
    case: { type: 'string', default: '/tmp/leaklens-demo/case' },
    database: { type: 'string' },
    'case-name': { type: 'string', default: 'demo' },
    blobs: { type: 'string' },
    servers: { type: 'string' },
    connections: { type: 'string', default: '200' },
    duration: { type: 'string', default: '60' },
    runs: { type: 'string', default: '3' },
    port: { type: 'string', default: '8797' },
    processes: { type: 'string', default: '1,2' },
    builds: { type: 'string' },
    'build-cases': { type: 'string' },
    /** Builds (of --builds) that run only the laptop server (an older build that cannot open the team case). */
    'laptop-only': { type: 'string' },
    /** Extra node options of the servers, space-separated (e.g. `--cpu-prof --cpu-prof-dir=DIR`). */
    'server-node-args': { type: 'string' },
  },
});

/**
 * `--builds NAME=DIR,…`: the servers of other builds (worktrees with their own node_modules), run
 * in turn with this one's in each round (`this` is the checkout the script runs from);
 * `--build-cases NAME=CASEDIR,…` gives a build's laptop server its own case directory (an older
 * build cannot open a case a newer one migrated).
 */
function pairs(v: string | undefined, flag: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (v ?? '').split(',').filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new Error(`${flag}: "${part}" is not NAME=DIR`);
    out.set(part.slice(0, eq), part.slice(eq + 1));
  }
  return out;
}
const BUILDS = args.builds ? pairs(args.builds, '--builds') : new Map([['this', process.cwd()]]);
const BUILD_CASES = pairs(args['build-cases'], '--build-cases');
const LAPTOP_ONLY = new Set((args['laptop-only'] ?? '').split(',').filter(Boolean));
for (const name of LAPTOP_ONLY)
  if (!BUILDS.has(name)) throw new Error(`--laptop-only: "${name}" is not one of --builds`);
for (const name of BUILD_CASES.keys())
  if (!BUILDS.has(name)) throw new Error(`--build-cases: "${name}" is not one of --builds`);

type Server = 'laptop' | 'team';
const SERVERS = (args.servers ?? (args.database ? 'laptop,team' : 'laptop')).split(',') as Server[];
for (const s of SERVERS)
  if (s !== 'laptop' && s !== 'team') throw new Error(`--servers: "${s}" is neither laptop nor team`);
if (SERVERS.includes('team') && !args.database) throw new Error('--servers team needs --database URL');

const location = (server: Server): CaseLocation =>
  server === 'team'
    ? { databaseUrl: args.database as string, caseName: args['case-name'] }
    : { dir: args.case };

/** The `serve` arguments that point at a server's case. */
const caseArgs = (server: Server, build: string): string[] =>
  server === 'team'
    ? [
        '--database',
        args.database as string,
        '--case-name',
        args['case-name'],
        ...(args.blobs ? ['--blobs', args.blobs] : []),
      ]
    : ['--case', BUILD_CASES.get(build) ?? args.case];

const USER = 'bench';
const PASSWORD = 'bench-password-not-secret';

/** The request mix of one case (the same on both servers when they hold the same demo). */
async function requestMix(server: Server, caseDir = args.case): Promise<string[]> {
  const store = (await openCaseStore(
    server === 'team' ? location(server) : { dir: caseDir },
  )) as SqlCaseStore;
  try {
    const users = new Users(store.db);
    if (!(await users.get(USER))) await users.add(USER, PASSWORD, 'editor');
    const { ids, queries } = (await mixOf(store.db)) as { ids: string[]; queries: string[] };
    const searches = queries.map((q) => `/api/search?q=${encodeURIComponent(q)}&limit=20`);
    const mix: string[] = [];
    for (let i = 0; i < Math.max(ids.length, searches.length); i++) {
      const id = ids[i % ids.length] as string;
      mix.push(
        searches[i % searches.length] as string,
        `/api/items/${id}`,
        `/api/items/${id}/body`,
        `/api/items/${id}/annotations`,
      );
    }
    return mix;
  } finally {
    await store.close();
  }
}

function startServer(
  server: Server,
  build: string,
  processes: number,
  port: number,
  appName: string,
): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      ...(args['server-node-args'] ?? '').split(' ').filter(Boolean),
      '--import',
      'tsx',
      'src/cli/main.ts',
      'serve',
      ...caseArgs(server, build),
      '--port',
      String(port),
      '--processes',
      String(processes),
    ],
    // Its own process group: stop() ends the server processes together, and cpuOfGroup finds them.
    // PGAPPNAME names its PostgreSQL connections, so their backends' CPU can be counted.
    {
      cwd: BUILDS.get(build),
      env: { ...process.env, PGAPPNAME: appName },
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: true,
    },
  );
  let err = '';
  return new Promise((resolve, reject) => {
    child.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
      if (/workbench on/.test(err)) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`serve exited (${code}): ${err}`)));
  });
}

/**
 * Stops a server: SIGTERM, then SIGKILL to its whole process group after STOP_GRACE_MS. A server
 * left with a backlog (requests of clients that timed out) answers it all before it exits, which
 * under load took minutes; the next run needs the port now.
 */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || !child.pid) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const group = -child.pid;
  process.kill(group, 'SIGTERM');
  const late = setTimeout(() => process.kill(group, 'SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(late);
  // The workers (cluster) exit with their primary; wait until none holds the port.
  for (let i = 0; i < 50; i++) {
    try {
      process.kill(group, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  process.kill(group, 'SIGKILL');
}

const STOP_GRACE_MS = 15_000;

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** CPU seconds (user + system) of /proc/PID/stat, 0 when the process is gone. */
function cpuOfPid(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields 14 and 15 of proc(5) (utime, stime) are 11 and 12 after the command's ")"
    return (Number(f[11]) + Number(f[12])) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}
const CLOCK_TICKS = 100;

/** Per pid, the CPU seconds of every process of a process group (the server's processes). */
function cpuOfGroup(pgid: number): Map<number, number> {
  const out = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(f[2]) === pgid) out.set(Number(name), (Number(f[11]) + Number(f[12])) / CLOCK_TICKS);
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** The PostgreSQL backends serving connections named `appName`, with their CPU seconds. */
async function cpuOfBackends(appName: string): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (!args.database) return out;
  const client = new pg.Client({ connectionString: args.database });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE application_name = $1',
      [appName],
    );
    for (const { pid } of rows) out.set(pid, cpuOfPid(pid));
  } finally {
    await client.end();
  }
  return out;
}

/**
 * Index scans of the sessions table and rows of the audit log of the team case, from PostgreSQL's
 * cumulative statistics (flushed by an idle backend within 10 s): the session statements and
 * audit entries a run cost. Undefined for a laptop server.
 */
async function tableCounts(server: Server): Promise<{ sessionScans: number; auditRows: number } | undefined> {
  if (server !== 'team' || !args.database) return undefined;
  const client = new pg.Client({ connectionString: args.database });
  await client.connect();
  try {
    await client.query('SELECT pg_stat_clear_snapshot()');
    const { rows } = await client.query<{ relname: string; scans: string; ins: string; upd: string }>(
      `SELECT relname, coalesce(idx_scan, 0) + coalesce(seq_scan, 0) AS scans, n_tup_ins AS ins, n_tup_upd AS upd
       FROM pg_stat_user_tables WHERE schemaname = $1 AND relname IN ('sessions', 'audit_log')`,
      [caseSchemaName()],
    );
    const of = (t: string) => rows.find((r) => r.relname === t);
    return {
      sessionScans: Number(of('sessions')?.scans ?? 0),
      auditRows: Number(of('audit_log')?.ins ?? 0),
    };
  } finally {
    await client.end();
  }
}

/** The schema of the team case (case/open.ts: `case_` and the name folded). */
function caseSchemaName(): string {
  return caseSchema(args['case-name']);
}

/** CPU seconds spent between two samples (processes that appeared count from 0). */
function spent(before: Map<number, number>, after: Map<number, number>): number {
  let s = 0;
  for (const [pid, cpu] of after) s += cpu - (before.get(pid) ?? 0);
  return s;
}

interface RunResult {
  server: Server;
  build: string;
  processes: number;
  /** CPU seconds during the load (user + system): the server's processes, their PostgreSQL backends, the client. */
  cpuServerS: number;
  cpuPostgresS: number;
  cpuClientS: number;
  /** (server + PostgreSQL) CPU milliseconds per answered request. */
  cpuMsPerRequest: number;
  loadStart: number;
  /** Team server: session statements (index scans of `sessions`) and audit rows per answered request. */
  sessionStatementsPerRequest?: number;
  auditRowsPerRequest?: number;
  requests: number;
  reqPerSec: number;
  p50ms: number;
  p95ms: number;
  p99ms: number;
  maxMs: number;
  load: number;
  errors: number;
  timeouts: number;
  non2xx: number;
}

async function run(
  server: Server,
  build: string,
  processes: number,
  mix: string[],
  port: number,
): Promise<RunResult> {
  const appName = `web-load-${process.pid}-${build}-${server}`;
  const child = await startServer(server, build, processes, port, appName);
  const base = `http://127.0.0.1:${port}`;
  try {
    const login = await fetch(`${base}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: USER, password: PASSWORD }),
    });
    if (!login.ok) throw new Error(`login: ${login.status}`);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    for (const p of mix.slice(0, 40)) await fetch(base + p, { headers: { cookie } });
    let next = 0;
    const times: number[] = [];
    const loadStart = loadAverage();
    const serverBefore = cpuOfGroup(child.pid as number);
    const pgBefore = await cpuOfBackends(appName);
    const countsBefore = await tableCounts(server);
    const clientBefore = process.cpuUsage();
    const inst = autocannon({
      url: base,
      connections: Number(args.connections),
      duration: Number(args.duration),
      headers: { host: `127.0.0.1:${port}`, cookie },
      requests: [
        { setupRequest: (req: Record<string, unknown>) => ({ ...req, path: mix[next++ % mix.length] }) },
      ],
    });
    inst.on('response', (_c: unknown, _s: number, _b: number, ms: number) => times.push(ms));
    const res = await inst;
    const client = process.cpuUsage(clientBefore);
    const cpuServerS = spent(serverBefore, cpuOfGroup(child.pid as number));
    const cpuPostgresS = spent(pgBefore, await cpuOfBackends(appName));
    // an idle backend flushes its statistics within 10 s (PostgreSQL 15's PGSTAT_IDLE_INTERVAL)
    if (server === 'team') await new Promise((r) => setTimeout(r, 11_000));
    const countsAfter = await tableCounts(server);
    times.sort((a, b) => a - b);
    const r2 = (x: number) => Math.round(x * 100) / 100;
    return {
      server,
      build,
      processes,
      cpuServerS: r2(cpuServerS),
      cpuPostgresS: r2(cpuPostgresS),
      cpuClientS: r2((client.user + client.system) / 1e6),
      cpuMsPerRequest: Math.round(((cpuServerS + cpuPostgresS) * 1e5) / Math.max(1, times.length)) / 100,
      loadStart,
      ...(countsBefore && countsAfter
        ? {
            sessionStatementsPerRequest:
              Math.round(
                ((countsAfter.sessionScans - countsBefore.sessionScans) / Math.max(1, times.length)) * 1000,
              ) / 1000,
            auditRowsPerRequest:
              Math.round(
                ((countsAfter.auditRows - countsBefore.auditRows) / Math.max(1, times.length)) * 1000,
              ) / 1000,
          }
        : {}),
      load: loadAverage(),
      requests: res.requests.total,
      reqPerSec: Math.round(res.requests.average),
      p50ms: pct(times, 50),
      p95ms: pct(times, 95),
      p99ms: pct(times, 99),
      maxMs: times[times.length - 1] ?? Number.NaN,
      errors: res.errors,
      timeouts: res.timeouts,
      non2xx: res.non2xx,
    };
  } finally {
    await stop(child);
  }
}

/** The 1-minute load average at the end of a run (the machine is shared: say it with every figure). */
function loadAverage(): number {
  return Math.round(os.loadavg()[0]! * 10) / 10;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function main(): Promise<void> {
  // One mix per server and case directory (the builds' laptop cases hold the same demo).
  const mixes = new Map<string, string[]>();
  const mixKey = (server: Server, build: string) =>
    server === 'team' ? 'team' : `laptop:${BUILD_CASES.get(build) ?? args.case}`;
  for (const server of SERVERS)
    for (const build of BUILDS.keys()) {
      if (server === 'team' && LAPTOP_ONLY.has(build)) continue;
      const key = mixKey(server, build);
      if (!mixes.has(key)) mixes.set(key, await requestMix(server, BUILD_CASES.get(build) ?? args.case));
    }
  const runs: RunResult[] = [];
  const counts = args.processes.split(',').map(Number);
  for (let i = 0; i < Number(args.runs); i++)
    for (const n of counts)
      for (const server of SERVERS)
        for (const build of BUILDS.keys()) {
          if (server === 'team' && LAPTOP_ONLY.has(build)) continue;
          const mix = mixes.get(mixKey(server, build)) as string[];
          const r = await run(server, build, n, mix, Number(args.port));
          process.stderr.write(`${JSON.stringify(r)}\n`);
          runs.push(r);
        }
  const summary = (server: Server, build: string, n: number) => {
    const rs = runs.filter((r) => r.server === server && r.build === build && r.processes === n);
    return {
      server,
      build,
      processes: n,
      reqPerSec: median(rs.map((r) => r.reqPerSec)),
      p50ms: median(rs.map((r) => r.p50ms)),
      p95ms: median(rs.map((r) => r.p95ms)),
      p99ms: median(rs.map((r) => r.p99ms)),
      cpuMsPerRequest: median(rs.map((r) => r.cpuMsPerRequest)),
      // autocannon's errors include its timeouts
      errors: rs.reduce((s, r) => s + r.errors, 0),
      timeouts: rs.reduce((s, r) => s + r.timeouts, 0),
      non2xx: rs.reduce((s, r) => s + r.non2xx, 0),
      load: rs.map((r) => r.load),
    };
  };
  const builds = [...BUILDS.keys()];
  const ran = (server: Server, build: string) => !(server === 'team' && LAPTOP_ONLY.has(build));
  const summaries = SERVERS.flatMap((server) =>
    builds.filter((b) => ran(server, b)).flatMap((build) => counts.map((n) => summary(server, build, n))),
  );
  const ratios: Record<string, { throughput: number; p95: number; cpuPerRequest: number }> = {};
  const ratio = (a: ReturnType<typeof summary>, b: ReturnType<typeof summary>) => ({
    throughput: a.reqPerSec / b.reqPerSec,
    p95: a.p95ms / b.p95ms,
    cpuPerRequest: a.cpuMsPerRequest / b.cpuMsPerRequest,
  });
  const first = builds[0] as string;
  for (const build of builds)
    for (const server of SERVERS.filter((x) => ran(x, build))) {
      if (counts.includes(1) && counts.includes(2))
        ratios[`${build} ${server}: 2 ÷ 1 processes`] = ratio(
          summary(server, build, 2),
          summary(server, build, 1),
        );
      if (build !== first)
        for (const n of counts)
          ratios[`${n} processes ${server}: ${build} ÷ ${first}`] = ratio(
            summary(server, build, n),
            summary(server, first, n),
          );
    }
  if (SERVERS.length === 2)
    for (const build of builds.filter((b) => ran('team', b)))
      for (const n of counts)
        ratios[`${build}, ${n} processes: team ÷ laptop`] = ratio(
          summary('team', build, n),
          summary('laptop', build, n),
        );
  process.stdout.write(
    `${JSON.stringify(
      {
        case: args.case,
        builds: Object.fromEntries(builds.map((b) => [b, BUILD_CASES.get(b) ?? args.case])),
        team: args.database ? { database: args.database, caseName: args['case-name'] } : undefined,
        connections: Number(args.connections),
        durationS: Number(args.duration),
        cpus: os.cpus().length,
        runs,
        summaries,
        ratios,
      },
      null,
      2,
    )}\n`,
  );
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
});
