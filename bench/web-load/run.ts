/**
 * The workbench with 1 and 2 server processes (`serve --processes N`), 200 concurrent signed-in
 * clients for 60 s each, on the small demo case (issue #15): exact p50/p95/p99 over every
 * response, requests/s, errors, timeouts and non-2xx. Runs alternate (1, 2, 1, 2, …) and the
 * median of each is reported, because the machine is shared.
 *
 *   leaklens demo --out /tmp/demo            # the small demo (400 e-mails)
 *   node --import tsx bench/web-load/run.ts --case /tmp/demo/case [--connections 200] [--duration 60] [--runs 3]
 *
 * Every client carries a session cookie, so each request looks its session up in the case
 * database (as a team server does), and item views and searches are written to the audit log.
 * The mix is bench/web's (one search per message view) plus the annotations poll of each view.
 * Target: p95 ≤ 100 ms, zero errors.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { Users } from '../../src/accounts/users.js';
import { SqliteDb } from '../../src/case/sqlite-db.js';
import { Store } from '../../src/store/store.js';

const { values: args } = parseArgs({
  options: {
    case: { type: 'string', default: '/tmp/leaklens-demo/case' },
    connections: { type: 'string', default: '200' },
    duration: { type: 'string', default: '60' },
    runs: { type: 'string', default: '3' },
    port: { type: 'string', default: '8797' },
    processes: { type: 'string', default: '1,2' },
  },
});

const USER = 'bench';
const PASSWORD = 'bench-password-not-secret';

async function requestMix(): Promise<string[]> {
  const store = Store.open(args.case);
  try {
    const users = new Users(new SqliteDb(store.db));
    if (!(await users.get(USER))) await users.add(USER, PASSWORD, 'editor');
    const ids = (
      store.db.prepare('SELECT id FROM emails ORDER BY id LIMIT 200').all() as { id: string }[]
    ).map((r) => r.id);
    const words = (
      store.db.prepare('SELECT subject FROM emails WHERE subject IS NOT NULL LIMIT 2000').all() as {
        subject: string;
      }[]
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
    store.close();
  }
}

function startServer(processes: number, port: number): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/cli/main.ts',
      'serve',
      '--case',
      args.case,
      '--port',
      String(port),
      '--processes',
      String(processes),
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
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

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  await exited;
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

interface RunResult {
  processes: number;
  requests: number;
  reqPerSec: number;
  p50ms: number;
  p95ms: number;
  p99ms: number;
  maxMs: number;
  errors: number;
  timeouts: number;
  non2xx: number;
}

async function run(processes: number, mix: string[], port: number): Promise<RunResult> {
  const server = await startServer(processes, port);
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
      processes,
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
    await stop(server);
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function main(): Promise<void> {
  const mix = await requestMix();
  const runs: RunResult[] = [];
  for (let i = 0; i < Number(args.runs); i++)
    for (const n of args.processes.split(',').map(Number)) {
      const r = await run(n, mix, Number(args.port));
      process.stderr.write(`${JSON.stringify(r)}\n`);
      runs.push(r);
    }
  const summary = (n: number) => {
    const rs = runs.filter((r) => r.processes === n);
    return {
      processes: n,
      reqPerSec: median(rs.map((r) => r.reqPerSec)),
      p50ms: median(rs.map((r) => r.p50ms)),
      p95ms: median(rs.map((r) => r.p95ms)),
      p99ms: median(rs.map((r) => r.p99ms)),
      // autocannon's errors include its timeouts
      errors: rs.reduce((s, r) => s + r.errors, 0),
      timeouts: rs.reduce((s, r) => s + r.timeouts, 0),
      non2xx: rs.reduce((s, r) => s + r.non2xx, 0),
    };
  };
  const one = summary(1);
  const two = summary(2);
  process.stdout.write(
    `${JSON.stringify(
      {
        case: args.case,
        connections: Number(args.connections),
        durationS: Number(args.duration),
        runs,
        one,
        two,
        ratio: { throughput: two.reqPerSec / one.reqPerSec, p95: two.p95ms / one.p95ms },
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
