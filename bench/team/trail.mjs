#!/usr/bin/env node
// bench/team/trail: the trail of one dump and its posts on a laptop case and on a team case,
// alternately, ROUNDS times: `leaklens trail --json` on the laptop case (computes the trail in the
// process, as the laptop always does), `trail --json --database --blobs` on the team case (reads
// the trail a campaign job stored), and `trail --database --queue --wait` (a trail job computed
// by a running worker: the wall time the user waits, queue and job process included). Wall time,
// CPU (user + system of the leaklens process only: the job's CPU is spent in the worker's job
// process) and peak RSS (GNU time), medians, the load average before and after, and whether the
// laptop's and the team's JSON are equal.
// Usage: npm run build && node bench/team/trail.mjs --case DIR --case-name NAME --blobs DIR
//          [--database URL] [--queue URL] [--rounds 3]
// (a worker of the case must be running: leaklens worker --database … --queue … --case-name NAME --blobs DIR)
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(new URL('../..', import.meta.url).pathname);
const args = process.argv.slice(2);
const arg = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const CASE = resolve(arg('--case', ''));
const NAME = arg('--case-name', '');
const BLOBS = resolve(arg('--blobs', ''));
const DB = arg('--database', 'postgres://root@127.0.0.1:5432/test');
const QUEUE = arg('--queue', 'redis://127.0.0.1:6379');
const ROUNDS = Number(arg('--rounds', '3'));
const CLI = join(ROOT, 'dist/cli/main.js');
if (!existsSync(CLI)) throw new Error('run npm run build first');
if (!NAME || !existsSync(join(CASE, 'social.duckdb')))
  throw new Error('give --case DIR (a laptop case with posts), --case-name NAME and --blobs DIR');

const team = ['--database', DB, '--case-name', NAME];
const RUNS = {
  laptop: ['trail', '--json', '--case', CASE],
  teamRead: ['trail', '--json', ...team, '--blobs', BLOBS],
  teamJob: ['trail', '--json', ...team, '--queue', QUEUE, '--wait'],
};

function run(kind) {
  const r = spawnSync('/usr/bin/time', ['-v', process.execPath, CLI, ...RUNS[kind]], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    env: { ...process.env, LEAKLENS_PROGRESS: '0' },
  });
  if (r.status !== 0) throw new Error(`${kind}: exit ${r.status}\n${r.stderr}`);
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(r.stderr);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
  const user = /User time \(seconds\): ([\d.]+)/.exec(r.stderr);
  const sys = /System time \(seconds\): ([\d.]+)/.exec(r.stderr);
  if (!wall || !rss || !user || !sys) throw new Error(`cannot read GNU time's output:\n${r.stderr}`);
  return {
    seconds: Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]),
    cpuSeconds: Number(user[1]) + Number(sys[1]),
    rssMiB: Number(rss[1]) / 1024,
    out: r.stdout,
    stale: /out of date/.test(r.stderr),
  };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');
const loadBefore = load();
const res = { laptop: [], teamRead: [], teamJob: [] };
const kinds = Object.keys(res);
for (let i = 0; i < ROUNDS; i++)
  for (const kind of i % 2 ? [...kinds].reverse() : kinds) res[kind].push(run(kind));
const loadAfter = load();
const summary = Object.fromEntries(
  Object.entries(res).map(([k, rs]) => [
    k,
    {
      seconds: rs.map((r) => Number(r.seconds.toFixed(2))),
      medianSeconds: Number(median(rs.map((r) => r.seconds)).toFixed(2)),
      medianCpuSeconds: Number(median(rs.map((r) => r.cpuSeconds)).toFixed(2)),
      medianRssMiB: Math.round(median(rs.map((r) => r.rssMiB))),
    },
  ]),
);
const lap = JSON.parse(res.laptop[0].out);
const tm = JSON.parse(res.teamRead.at(-1).out);
console.log(
  JSON.stringify(
    {
      rounds: ROUNDS,
      loadBefore,
      loadAfter,
      ...summary,
      teamReadOverLaptopSeconds: Number(
        (summary.teamRead.medianSeconds / summary.laptop.medianSeconds).toFixed(2),
      ),
      teamJobOverLaptopSeconds: Number(
        (summary.teamJob.medianSeconds / summary.laptop.medianSeconds).toFixed(2),
      ),
      items: lap.items.length,
      posts: lap.stats.posts,
      dumpItems: lap.stats.dumpItems,
      sameJson: JSON.stringify(lap) === JSON.stringify(tm),
      teamStale: res.teamRead.some((r) => r.stale),
    },
    null,
    2,
  ),
);
