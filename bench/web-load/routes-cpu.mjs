/**
 * CPU per request of each route of bench/web-load's mix (search, item page, body, annotations),
 * signed in, without HTTP or a load generator: each build's laptop workbench (`createApp` of its
 * dist/) in its own process, requests one after the other through `app.request`, CPU time of the
 * process (user + system) per request. On a loaded machine CPU time still compares builds where
 * latency does not; builds alternate in every round.
 *
 *   node bench/web-load/routes-cpu.mjs --builds main=DIR,old=DIR [--build-cases old=CASEDIR] \
 *     --case CASEDIR [--rounds 3] [--requests 1000]
 *
 * Each DIR is a checkout built with `npm run build`. The request mix is that of run.ts: 150 search
 * words of the subjects, the first 200 e-mails' item, body and annotations.
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { mixOf } from './mix.mjs';

const { values: args } = parseArgs({
  options: {
    builds: { type: 'string' },
    'build-cases': { type: 'string' },
    case: { type: 'string' },
    rounds: { type: 'string', default: '3' },
    requests: { type: 'string', default: '1000' },
    // a team case instead: the team workbench (createTeamApp) over PostgreSQL
    database: { type: 'string' },
    'case-name': { type: 'string' },
    // internal: one measurement in a child process
    child: { type: 'string' },
  },
});

const USER = 'bench';
const PASSWORD = 'bench-password-not-secret';
const ROUTES = ['search', 'item', 'body', 'annotations'];

function pairs(v, flag) {
  const out = new Map();
  for (const part of (v ?? '').split(',').filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new Error(`${flag}: "${part}" is not NAME=DIR`);
    out.set(part.slice(0, eq), resolve(part.slice(eq + 1)));
  }
  return out;
}

/** In a child: the build at `dir` serves `caseDir`; prints CPU µs per request of each route. */
async function measure(dir, caseDir) {
  const mod = (p) => import(pathToFileURL(join(dir, 'dist', p)).href);
  const { Store } = await mod('store/store.js');
  const { createApp } = await mod('web/server.js');
  const { Users } = await mod('accounts/users.js');
  const { SqliteDb } = await mod('case/sqlite-db.js');
  const team = args.database
    ? await (await mod('case/open.js')).openCaseStore({
        databaseUrl: args.database,
        caseName: args['case-name'],
      })
    : undefined;
  const store = team ?? Store.open(caseDir);
  const db = team ? team.db : new SqliteDb(store.db);
  const users = new Users(db);
  if (!(await users.get(USER))) await users.add(USER, PASSWORD, 'editor');
  const { ids, queries } = await mixOf(db);
  const { app } = team
    ? (await mod('web/server.js')).createTeamApp(db, { caseName: args['case-name'] })
    : createApp({ store });
  const headers = { host: '127.0.0.1:8765' };
  const login = await app.request('/api/login', {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({ user: USER, password: PASSWORD }),
  });
  if (!login.ok) throw new Error(`login: ${login.status}`);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
  const pathOf = {
    search: (i) => `/api/search?q=${encodeURIComponent(queries[i % queries.length])}&limit=20`,
    item: (i) => `/api/items/${ids[i % ids.length]}`,
    body: (i) => `/api/items/${ids[i % ids.length]}/body`,
    annotations: (i) => `/api/items/${ids[i % ids.length]}/annotations`,
  };
  const get = async (p) => {
    const res = await app.request(p, { headers: { ...headers, cookie } });
    if (!res.ok) throw new Error(`${p}: ${res.status}`);
    await res.arrayBuffer();
  };
  const n = Number(args.requests);
  // Warm-up: every path once (the search cache and the body cache then hold them, as under load).
  for (const r of ROUTES) for (let i = 0; i < 200; i++) await get(pathOf[r](i));
  const out = {};
  for (const r of ROUTES) {
    const cpu = process.cpuUsage();
    const t = process.hrtime.bigint();
    for (let i = 0; i < n; i++) await get(pathOf[r](i));
    // let the audit batch (a 200-ms timer on a laptop case) be written within the measurement
    await new Promise((res) => setTimeout(res, 250));
    const used = process.cpuUsage(cpu);
    out[r] = {
      cpuUsPerRequest: Math.round((used.user + used.system) / n),
      wallUsPerRequest: Math.round(Number(process.hrtime.bigint() - t) / 1000 / n),
    };
  }
  await store.close();
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

function main() {
  const builds = pairs(args.builds, '--builds');
  const cases = pairs(args['build-cases'], '--build-cases');
  if (!builds.size) throw new Error('--builds NAME=DIR,… is required');
  if (!args.case && !args.database && cases.size < builds.size) throw new Error('--case CASEDIR is required');
  const runs = [];
  for (let round = 1; round <= Number(args.rounds); round++)
    for (const [name, dir] of builds) {
      const caseDir = cases.get(name) ?? resolve(args.case ?? '.');
      const load = os.loadavg()[0];
      const child = spawnSync(
        process.execPath,
        [
          fileURLToPath(import.meta.url),
          '--child',
          `${dir}\n${caseDir}`,
          '--requests',
          args.requests,
          ...(args.database ? ['--database', args.database, '--case-name', args['case-name']] : []),
        ],
        { encoding: 'utf8' },
      );
      if (child.status !== 0) throw new Error(`${name}: ${child.stderr}`);
      const routes = JSON.parse(child.stdout.trim().split('\n').pop());
      const r = { round, build: name, load: Math.round(load * 10) / 10, routes };
      process.stderr.write(`${JSON.stringify(r)}\n`);
      runs.push(r);
    }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const summary = {};
  for (const name of builds.keys()) {
    summary[name] = {};
    for (const r of ROUTES)
      summary[name][r] = median(runs.filter((x) => x.build === name).map((x) => x.routes[r].cpuUsPerRequest));
    summary[name].mix = ROUTES.reduce((s, r) => s + summary[name][r], 0) / ROUTES.length;
  }
  process.stdout.write(
    `${JSON.stringify({ requestsPerRoute: Number(args.requests), cpus: os.cpus().length, runs, medianCpuUsPerRequest: summary }, null, 2)}\n`,
  );
}

if (args.child) {
  const [dir, caseDir] = args.child.split('\n');
  measure(dir, caseDir).catch((err) => {
    process.stderr.write(`${err.stack}\n`);
    process.exit(1);
  });
} else main();
