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
import os from 'node:os';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { Users } from '../../src/accounts/users.js';
import type { SqlCaseStore } from '../../src/case/case-store.js';
import { type CaseLocation, openCaseStore } from '../../src/case/open.js';

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
  },
});

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
const caseArgs = (server: Server): string[] =>
  server === 'team'
    ? [
        '--database',
        args.database as string,
        '--case-name',
        args['case-name'],
        ...(args.blobs ? ['--blobs', args.blobs] : []),
      ]
    : ['--case', args.case];

const USER = 'bench';
const PASSWORD = 'bench-password-not-secret';

/** The request mix of one case (the same on both servers when they hold the same demo). */
async function requestMix(server: Server): Promise<string[]> {
  const store = (await openCaseStore(location(server))) as SqlCaseStore;
  try {
    const users = new Users(store.db);
    if (!(await users.get(USER))) await users.add(USER, PASSWORD, 'editor');
    const ids = (await store.db.all<{ id: string }>('SELECT id FROM emails ORDER BY id LIMIT 200')).map(
      (r) => r.id,
    );
    const words = (
      await store.db.all<{ subject: string }>(
        'SELECT subject FROM emails WHERE subject IS NOT NULL ORDER BY id LIMIT 2000',
      )
    ).flatMap((r) =>
      r.subject
        .toLowerCase()
        .split(/[^\p{L}\p{N}]+/u)
        .filter((w) => w.length > 4),
    );
    const queries = [...new Set(words)].sort().slice(0, 150);
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

function startServer(server: Server, processes: number, port: number): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/cli/main.ts',
      'serve',
      ...caseArgs(server),
      '--port',
      String(port),
      '--processes',
      String(processes),
    ],
    // Its own process group: stop() ends the server processes together.
    { stdio: ['ignore', 'ignore', 'pipe'], detached: true },
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

interface RunResult {
  server: Server;
  processes: number;
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

async function run(server: Server, processes: number, mix: string[], port: number): Promise<RunResult> {
  const child = await startServer(server, processes, port);
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
    times.sort((a, b) => a - b);
    return {
      server,
      processes,
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
  const mixes = new Map<Server, string[]>();
  for (const server of SERVERS) mixes.set(server, await requestMix(server));
  const runs: RunResult[] = [];
  const counts = args.processes.split(',').map(Number);
  for (let i = 0; i < Number(args.runs); i++)
    for (const n of counts)
      for (const server of SERVERS) {
        const r = await run(server, n, mixes.get(server) as string[], Number(args.port));
        process.stderr.write(`${JSON.stringify(r)}\n`);
        runs.push(r);
      }
  const summary = (server: Server, n: number) => {
    const rs = runs.filter((r) => r.server === server && r.processes === n);
    return {
      server,
      processes: n,
      reqPerSec: median(rs.map((r) => r.reqPerSec)),
      p50ms: median(rs.map((r) => r.p50ms)),
      p95ms: median(rs.map((r) => r.p95ms)),
      p99ms: median(rs.map((r) => r.p99ms)),
      // autocannon's errors include its timeouts
      errors: rs.reduce((s, r) => s + r.errors, 0),
      timeouts: rs.reduce((s, r) => s + r.timeouts, 0),
      non2xx: rs.reduce((s, r) => s + r.non2xx, 0),
      load: rs.map((r) => r.load),
    };
  };
  const summaries = SERVERS.flatMap((server) => counts.map((n) => summary(server, n)));
  const ratios: Record<string, { throughput: number; p95: number }> = {};
  const ratio = (a: ReturnType<typeof summary>, b: ReturnType<typeof summary>) => ({
    throughput: a.reqPerSec / b.reqPerSec,
    p95: a.p95ms / b.p95ms,
  });
  for (const server of SERVERS)
    if (counts.includes(1) && counts.includes(2))
      ratios[`${server}: 2 ÷ 1 processes`] = ratio(summary(server, 2), summary(server, 1));
  if (SERVERS.length === 2)
    for (const n of counts)
      ratios[`${n} processes: team ÷ laptop`] = ratio(summary('team', n), summary('laptop', n));
  process.stdout.write(
    `${JSON.stringify(
      {
        case: args.case,
        team: args.database ? { database: args.database, caseName: args['case-name'] } : undefined,
        connections: Number(args.connections),
        durationS: Number(args.duration),
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
