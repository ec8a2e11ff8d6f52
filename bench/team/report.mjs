#!/usr/bin/env node
// bench/team/report: `leaklens report` on a laptop case and on a team case of the same dump,
// alternately, ROUNDS times each: wall time, CPU time (user + system, of the leaklens process only,
// not PostgreSQL's) and peak RSS of the process (GNU time's "Maximum resident set size"), the
// medians and their ratios (team / laptop), and the load average before and after (the machine is
// shared: only the ratio of one run means anything). `sameReport` says whether the two reports are
// equal but for the line naming the case (a team case without --blobs, or with posts, differs in
// its campaign chapters).
// Usage: npm run build && node bench/team/report.mjs --case DIR --case-name NAME [--database URL]
//          [--blobs DIR] [--rounds 3] [--out DIR]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(new URL('../..', import.meta.url).pathname);
const args = process.argv.slice(2);
const arg = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const CASE = resolve(arg('--case', ''));
const NAME = arg('--case-name', '');
const DB = arg('--database', 'postgres://root@127.0.0.1:5432/test');
const BLOBS = arg('--blobs', null);
const ROUNDS = Number(arg('--rounds', '3'));
const OUT = resolve(arg('--out', join(ROOT, 'bench/out/report')));
const CLI = join(ROOT, 'dist/cli/main.js');
if (!existsSync(CLI)) throw new Error('run npm run build first');
if (!NAME || !existsSync(join(CASE, 'case.sqlite')))
  throw new Error('give --case DIR (a laptop case) and --case-name NAME');
mkdirSync(OUT, { recursive: true });

const RUNS = {
  laptop: (out) => ['report', '--case', CASE, '--out', out],
  team: (out) => [
    'report',
    '--database',
    DB,
    '--case-name',
    NAME,
    ...(BLOBS ? ['--blobs', BLOBS] : []),
    '--out',
    out,
  ],
};

/** One run under GNU time: seconds of wall time and peak RSS in MiB. */
function run(kind, round) {
  const out = join(OUT, `${kind}-${round}.html`);
  const r = spawnSync('/usr/bin/time', ['-v', process.execPath, CLI, ...RUNS[kind](out)], {
    encoding: 'utf8',
    env: { ...process.env, LEAKLENS_PROGRESS: '0' },
  });
  if (r.status !== 0) throw new Error(`${kind}: exit ${r.status}\n${r.stderr}`);
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(r.stderr);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
  const user = /User time \(seconds\): ([\d.]+)/.exec(r.stderr);
  const sys = /System time \(seconds\): ([\d.]+)/.exec(r.stderr);
  if (!wall || !rss || !user || !sys) throw new Error(`cannot read GNU time's output:\n${r.stderr}`);
  const seconds = Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]);
  return { seconds, cpuSeconds: Number(user[1]) + Number(sys[1]), rssMiB: Number(rss[1]) / 1024, out };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const CASE_LINE = /<p class="muted">Generated [^<]* from the case <code>[^<]*<\/code>\./;
const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');

const loadBefore = load();
const res = { laptop: [], team: [] };
for (let i = 0; i < ROUNDS; i++)
  for (const kind of i % 2 ? ['team', 'laptop'] : ['laptop', 'team']) res[kind].push(run(kind, i));
const loadAfter = load();
const body = (r) => readFileSync(r.out, 'utf8').replace(CASE_LINE, '');
const same = body(res.laptop[0]) === body(res.team[0]);
const summary = Object.fromEntries(
  Object.entries(res).map(([k, rs]) => [
    k,
    {
      seconds: rs.map((r) => Number(r.seconds.toFixed(2))),
      cpuSeconds: rs.map((r) => Number(r.cpuSeconds.toFixed(2))),
      rssMiB: rs.map((r) => Math.round(r.rssMiB)),
      medianSeconds: Number(median(rs.map((r) => r.seconds)).toFixed(2)),
      medianCpuSeconds: Number(median(rs.map((r) => r.cpuSeconds)).toFixed(2)),
      medianRssMiB: Math.round(median(rs.map((r) => r.rssMiB))),
    },
  ]),
);
console.log(
  JSON.stringify(
    {
      rounds: ROUNDS,
      loadBefore,
      loadAfter,
      ...summary,
      ratioSeconds: Number((summary.team.medianSeconds / summary.laptop.medianSeconds).toFixed(2)),
      ratioCpuSeconds: Number((summary.team.medianCpuSeconds / summary.laptop.medianCpuSeconds).toFixed(2)),
      ratioRss: Number((summary.team.medianRssMiB / summary.laptop.medianRssMiB).toFixed(2)),
      sameReport: same,
    },
    null,
    2,
  ),
);
