// bench/triage: the whole triage (threads, duplicates, entities, types, sensitivity, identities,
// graph) over the 21,075-message benchmark maildir of bench/ingest, and `overview` on the result.
// Peer: notmuch, which threads at index time (`notmuch new`) — compared on thread counts and time.
// Usage: npx tsx bench/triage/run.ts [--messages N] [--skip-peer]
// Generated data and cases go to bench/data/ (git-ignored). Not a test: run once, read the figures.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { overview } from '../../src/analyze/overview.js';
import { runTriage } from '../../src/analyze/triage-stage.js';
import { SqliteDb } from '../../src/case/sqlite-db.js';
import { ingestPaths } from '../../src/ingest/manager.js';
import { Store } from '../../src/store/store.js';

const ROOT = resolve(new URL('../..', import.meta.url).pathname);
const args = process.argv.slice(2);
const n = args.includes('--messages') ? Number(args[args.indexOf('--messages') + 1]) : 21075;
const DATA = join(ROOT, 'bench/data', n === 21075 ? 'maildir' : `maildir-${n}`);
const OUT = join(ROOT, 'bench/data/triage');
mkdirSync(OUT, { recursive: true });

if (!existsSync(join(DATA, 'mailbox-00'))) {
  execFileSync(process.execPath, [join(ROOT, 'bench/ingest/generate.mjs'), DATA, '--messages', String(n)], {
    stdio: 'inherit',
  });
}
const caseDir = join(OUT, `case-${n}`);
const store = Store.open(caseDir);
const emails = (store.db.prepare('SELECT count(*) AS n FROM emails').get() as { n: number }).n;
if (emails < n) {
  const t0 = performance.now();
  await ingestPaths(store, [DATA], { silent: true });
  console.log(`(setup) ingest of ${n} messages: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

const t0 = performance.now();
const c0 = process.cpuUsage();
const summary = await runTriage(store, { silent: true });
const triageSecs = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(c0);
// The machine is shared: CPU seconds of this process say more than wall clock under load.
const triageCpuSecs = (cpu.user + cpu.system) / 1e6;
const times: number[] = [];
for (let i = 0; i < 5; i++) {
  const t = performance.now();
  await overview(new SqliteDb(store.db));
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
const result: Record<string, unknown> = {
  messages: summary.counts.emails,
  documents: summary.counts.documents,
  triageSeconds: Number(triageSecs.toFixed(2)),
  triageCpuSeconds: Number(triageCpuSecs.toFixed(2)),
  loadAverage: (await import('node:os')).loadavg().map((x) => Number(x.toFixed(1))),
  overviewMsMedian: Number(times[2]!.toFixed(1)),
  overviewMsMax: Number(times[4]!.toFixed(1)),
  counts: summary.counts,
  rssMiB: Math.round(process.memoryUsage().rss / 1048576),
};
store.close();

if (!args.includes('--skip-peer')) {
  // notmuch threads by References/In-Reply-To only (no subject fallback) while indexing.
  const db = join(OUT, `notmuch-${n}`);
  rmSync(db, { recursive: true, force: true });
  mkdirSync(db, { recursive: true });
  const conf = join(OUT, `notmuch-${n}.conf`);
  writeFileSync(
    conf,
    `[database]\npath=${db}\nmail_root=${DATA}\n[new]\ntags=\n[maildir]\nsynchronize_flags=false\n`,
  );
  const env = { ...process.env, NOTMUCH_CONFIG: conf };
  const t1 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S', 'notmuch', 'new', '--quiet'], {
    env,
    encoding: 'utf8',
  });
  const nmSecs = (performance.now() - t1) / 1000;
  const [u, sys] = (r.stderr.trim().split('\n').pop() ?? '0 0').split(' ').map(Number);
  const nmCpu = (u ?? 0) + (sys ?? 0);
  const threads = spawnSync('notmuch', ['count', '--output=threads', '*'], {
    env,
    encoding: 'utf8',
  }).stdout.trim();
  result.peer = {
    tool: 'notmuch new (index + threading)',
    seconds: Number(nmSecs.toFixed(2)),
    cpuSeconds: Number(nmCpu.toFixed(2)),
    threads: Number(threads),
    status: r.status,
  };
  result.ratioWall = Number((triageSecs / nmSecs).toFixed(2));
  result.ratioCpu = Number((triageCpuSecs / nmCpu).toFixed(2));
}
console.log(JSON.stringify(result, null, 2));
writeFileSync(join(ROOT, 'bench/data/triage/result.json'), JSON.stringify(result, null, 2));
